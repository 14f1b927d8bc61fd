import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { apiSurvey } from '$lib/server/surveys/surveys-api';
import { createQuestion } from '$lib/server/surveys/create-question';

/** Appends a question to a draft survey (options as an array of labels). */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		return jsonResponse(await createQuestion({ ctx, surveyId: event.params.surveyId, input: await readJson(event.request) }), 201);
	});
