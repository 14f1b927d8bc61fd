import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translate } from '$lib/i18n';
import { publicUrl, surveyForPage } from '$lib/server/surveys/survey-page';
import { qrSvg } from '$lib/server/surveys/qr';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const survey = await surveyForPage(ctx, params.surveyId);
	const link = publicUrl(url.origin, survey.publicToken);
	return {
		survey: { id: survey.id, title: survey.title, description: survey.description, status: survey.status },
		link,
		qr: await qrSvg(link, translate(locals.locale, 'survey.poster.qrLabel', { url: link })),
		municipalityName: locals.municipality!.name
	};
};
