import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { randomUUID } from 'node:crypto';
import { failFromError, formValues } from '$lib/server/forms';
import { publicHeaders, publicSurvey } from '$lib/server/surveys/public-survey';
import { answerFields, kioskKeyMatches, MAX_RESPONSE_BYTES } from '$lib/server/surveys/public-guard';
import { submitResponse } from '$lib/server/surveys/submit-response';
import { findSurveyByToken } from '$lib/server/surveys/surveys.repository';
import { placeMapView } from '$lib/server/surveys/place-map';
import { applyMapClick } from '$lib/server/surveys/map-click';

export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders(publicHeaders);
	const key = url.searchParams.get('key') ?? '';
	const p = await publicSurvey(locals.db, params.token, [url.searchParams.get('lang'), locals.locale]);
	if (!kioskKeyMatches(p.survey.kioskKey, key)) error(404, 'Not Found');
	return {
		token: params.token,
		key,
		title: p.view.title,
		description: p.view.description,
		questions: p.view.questions,
		status: p.survey.status,
		municipalityName: p.survey.municipalityName,
		language: p.language,
		lang: p.lang,
		dir: p.dir,
		offered: p.offered,
		placeMap: await placeMapView(locals.db.kysely, p.survey, p.view.questions, p.language),
		responseId: randomUUID(),
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions: Actions = {
	/** Without JavaScript the kiosk is a plain form that posts here and comes back empty for the next person. */
	default: async ({ request, locals, params }) => {
		const survey = await findSurveyByToken(locals.db.kysely, params.token);
		if (!survey) error(404, 'Not Found');
		if (Number(request.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) return fail(413, { errors: { _form: ['error.tooLarge'] }, values: {} });
		const values = formValues(await request.formData());
		if (!kioskKeyMatches(survey.kioskKey, values._kiosk)) error(404, 'Not Found');
		// A click on a place question's map: "set this place" and show the form again, nothing stored.
		const click = await applyMapClick(locals.db.kysely, survey, values);
		if (click?.kind === 'set') return { values: click.values, placeSet: click.questionId, mapClick: true };
		if (click) return fail(422, { errors: click.errors, values: click.values, mapClick: true });
		const lang = typeof values._lang === 'string' ? values._lang : '';
		try {
			await submitResponse({ db: locals.db, survey, channel: 'kiosk', requestId: locals.requestId, input: { responseId: values._response, language: lang, fields: answerFields(values) } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/s/${params.token}/kiosk?key=${encodeURIComponent(String(values._kiosk))}&lang=${encodeURIComponent(lang)}&saved=1`);
	}
};
