import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { apiSurvey } from '$lib/server/surveys/surveys-api';
import { saveTranslation } from '$lib/server/surveys/save-translation';

/** Saves one language ({ texts, publish }); published only when complete, else `missing` lists what is lacking. */
export const PUT: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await apiSurvey(ctx.db.kysely, ctx.principal, event.params.surveyId);
		const body = (await readJson(event.request)) as Record<string, unknown> | null;
		const saved = await saveTranslation({ ctx, surveyId: event.params.surveyId, input: { ...(body && typeof body === 'object' ? body : {}), language: event.params.language } });
		return jsonResponse(saved);
	});
