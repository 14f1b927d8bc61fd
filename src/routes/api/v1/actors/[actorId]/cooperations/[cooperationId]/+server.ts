import type { RequestHandler } from './$types';
import { api } from '$lib/server/api/handler';
import { removeCooperation } from '$lib/server/actors/remove-cooperation';
import { requireActor } from '$lib/server/actors/api-views';

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		await removeCooperation({ ctx, actorId: event.params.actorId, cooperationId: event.params.cooperationId });
		return new Response(null, { status: 204 });
	});
