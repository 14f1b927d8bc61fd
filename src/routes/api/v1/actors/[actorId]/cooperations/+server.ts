import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listCooperations } from '$lib/server/actors/actors.repository';
import { addCooperation } from '$lib/server/actors/add-cooperation';
import { requireActor } from '$lib/server/actors/api-views';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		return jsonResponse({ data: await listCooperations(ctx.db.kysely, ctx.municipalityId, event.params.actorId) });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		return jsonResponse(await addCooperation({ ctx, actorId: event.params.actorId, input: await readJson(event.request) }), 201);
	});
