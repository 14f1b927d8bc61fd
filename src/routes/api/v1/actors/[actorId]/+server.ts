import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { updateActor } from '$lib/server/actors/update-actor';
import { deleteActor } from '$lib/server/actors/delete-actor';
import { actorDetail, requireActor } from '$lib/server/actors/api-views';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse(await actorDetail(ctx.db.kysely, ctx.principal, ctx.municipalityId, event.params.actorId)));

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		return jsonResponse(await updateActor({ ctx, actorId: event.params.actorId, input: await readJson(event.request) }));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		await deleteActor({ ctx, actorId: event.params.actorId });
		return new Response(null, { status: 204 });
	});
