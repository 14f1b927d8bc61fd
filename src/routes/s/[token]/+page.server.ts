import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { randomUUID } from 'node:crypto';
import { failFromError, formValues } from '$lib/server/forms';
import { publicHeaders, publicSurvey } from '$lib/server/surveys/public-survey';
import { answerFields, checkFillTime, checkSubmitRate, honeypotFilled, MAX_RESPONSE_BYTES, startToken, STARTED } from '$lib/server/surveys/public-guard';
import { submitResponse } from '$lib/server/surveys/submit-response';
import { findSurveyByToken } from '$lib/server/surveys/surveys.repository';
import { placeMapView } from '$lib/server/surveys/place-map';
import { applyMapClick } from '$lib/server/surveys/map-click';

export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders(publicHeaders);
	const p = await publicSurvey(locals.db, params.token, [url.searchParams.get('lang'), locals.locale]);
	return {
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
		started: startToken(p.survey.formSecret)
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params, getClientAddress }) => {
		const survey = await findSurveyByToken(locals.db.kysely, params.token);
		if (!survey) return fail(404, { errors: { _form: ['error.survey.notOpen'] }, values: {} });
		if (Number(request.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) return fail(413, { errors: { _form: ['error.tooLarge'] }, values: {} });
		const values = formValues(await request.formData());
		// A click on a place question's map: "set this place" and show the form again, nothing stored.
		const click = await applyMapClick(locals.db.kysely, survey, values);
		if (click?.kind === 'set') return { values: click.values, placeSet: click.questionId, mapClick: true };
		if (click) return fail(422, { errors: click.errors, values: click.values, mapClick: true });
		const lang = typeof values._lang === 'string' ? values._lang : '';
		const thanks = `/s/${params.token}/thanks${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`;
		// A bot that filled the invisible field is told "thank you" and nothing is stored.
		if (honeypotFilled(values)) redirect(303, thanks);
		const fill = checkFillTime(survey.formSecret, values[STARTED], survey.minFillSeconds);
		if (fill !== 'ok') return fail(422, { errors: { _form: [fill === 'too-fast' ? 'error.survey.tooFast' : 'error.survey.expired'] }, values });
		try {
			await checkSubmitRate(locals.db.kysely, survey.id, getClientAddress());
			await submitResponse({ db: locals.db, survey, channel: 'web', requestId: locals.requestId, input: { responseId: values._response, language: lang, fields: answerFields(values) } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, thanks);
	}
};
