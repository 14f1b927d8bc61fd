import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { apiSurvey, surveyDocument } from '$lib/server/surveys/surveys-api';
import { updateSurvey } from '$lib/server/surveys/update-survey';
import { deleteSurvey } from '$lib/server/surveys/delete-survey';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const survey = await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		return jsonResponse(await surveyDocument(ctx.db.kysely, ctx.municipalityId, survey));
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		const survey = await updateSurvey({ ctx, surveyId: event.params.surveyId, input: await readJson(event.request) });
		return jsonResponse(await surveyDocument(ctx.db.kysely, ctx.municipalityId, survey));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteSurvey({ ctx, surveyId: event.params.surveyId });
		return new Response(null, { status: 204 });
	});
