import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { apiSurvey, resultsDocument } from '$lib/server/surveys/surveys-api';
import { surveyResults } from '$lib/server/surveys/survey-results';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		return jsonResponse(resultsDocument(await surveyResults(ctx.db.kysely, ctx.municipalityId, event.params.surveyId)));
	});
