import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { mergeActors } from '$lib/server/actors/merge-actors';
import { requireActor } from '$lib/server/actors/api-views';

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		return jsonResponse(await mergeActors({ ctx, actorId: event.params.actorId, input: await readJson(event.request) }));
	});
