import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { apiSurvey, surveyDocument } from '$lib/server/surveys/surveys-api';
import { setSurveyStatus } from '$lib/server/surveys/set-survey-status';

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		const survey = await setSurveyStatus({ ctx, surveyId: event.params.surveyId, input: await readJson(event.request) });
		return jsonResponse(await surveyDocument(ctx.db.kysely, ctx.municipalityId, survey));
	});
