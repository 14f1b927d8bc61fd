import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listSurveys } from '$lib/server/surveys/surveys.repository';
import { canViewResults } from '$lib/server/surveys/policies';
import { createSurvey } from '$lib/server/surveys/create-survey';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const all = await listSurveys(ctx.db.kysely, ctx.municipalityId);
		return jsonResponse({ data: all.filter((s) => canViewResults(ctx.principal, s.districtId)) });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const survey = await createSurvey({ ctx, input: await readJson(event.request) });
		return jsonResponse(survey, 201, { location: `/api/v1/surveys/${survey.id}` });
	});
