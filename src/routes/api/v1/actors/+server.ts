import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listActors } from '$lib/server/actors/actors.repository';
import { createActor } from '$lib/server/actors/create-actor';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse({ data: await listActors(ctx.db.kysely, ctx.municipalityId) }));

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const actor = await createActor({ ctx, input: await readJson(event.request) });
		return jsonResponse(actor, 201, { location: `/api/v1/actors/${actor.id}` });
	});
