import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listCityConcepts } from '$lib/server/concepts/concepts.repository';
import { createCityConcept } from '$lib/server/concepts/create-city-concept';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse({ data: await listCityConcepts(ctx.db.kysely, ctx.municipalityId) }));

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const concept = await createCityConcept({ ctx, input: await readJson(event.request) });
		return jsonResponse({ ...concept, goals: [] }, 201, { location: `/api/v1/concepts/${concept.id}` });
	});
