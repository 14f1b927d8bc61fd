import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { surveyForPage } from '$lib/server/surveys/survey-page';
import { surveyResults } from '$lib/server/surveys/survey-results';
import { crossTabView, questionViews } from '$lib/server/surveys/results-view';
import { canReadRawAnswers, canViewResults } from '$lib/server/surveys/policies';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const survey = await surveyForPage(ctx, params.surveyId);
	if (!canViewResults(ctx.principal, survey.districtId)) error(403, 'Forbidden');
	const r = await surveyResults(ctx.db.kysely, ctx.municipalityId, survey.id);
	const rowsId = url.searchParams.get('rows') ?? r.tabbable[0]?.id ?? '';
	const colsId = url.searchParams.get('cols') ?? r.tabbable[1]?.id ?? '';
	const ct = r.crossTab(rowsId, colsId);
	return {
		survey: { id: survey.id, title: survey.title, status: survey.status },
		responses: r.responses,
		questions: questionViews(r, locals.locale),
		tabbable: r.tabbable.map((q) => ({ id: q.id, text: q.text })),
		crossTab: ct ? crossTabView(ct, locals.locale) : null,
		selection: { rows: rowsId, cols: colsId },
		canReadRaw: canReadRawAnswers(ctx.principal, survey.districtId)
	};
};
