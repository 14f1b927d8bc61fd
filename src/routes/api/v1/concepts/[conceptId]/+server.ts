import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findCityConcept } from '$lib/server/concepts/concepts.repository';
import { updateCityConcept } from '$lib/server/concepts/update-city-concept';
import { deleteCityConcept } from '$lib/server/concepts/delete-city-concept';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const concept = await findCityConcept(ctx.db.kysely, ctx.municipalityId, event.params.conceptId);
		if (!concept) throw new NotFoundError('city concept');
		return jsonResponse(concept);
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { conceptId } = event.params;
		if (!(await findCityConcept(ctx.db.kysely, ctx.municipalityId, conceptId))) throw new NotFoundError('city concept');
		await updateCityConcept({ ctx, conceptId, input: await readJson(event.request) });
		return jsonResponse(await findCityConcept(ctx.db.kysely, ctx.municipalityId, conceptId));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteCityConcept({ ctx, conceptId: event.params.conceptId });
		return new Response(null, { status: 204 });
	});
