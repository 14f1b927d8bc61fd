import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findActor } from '$lib/server/actors/actors.repository';
import { updateActor } from '$lib/server/actors/update-actor';
import { deleteActor } from '$lib/server/actors/delete-actor';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const actor = await findActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		if (!actor) throw new NotFoundError('actor');
		return jsonResponse(actor);
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		if (!(await findActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId))) throw new NotFoundError('actor');
		return jsonResponse(await updateActor({ ctx, actorId: event.params.actorId, input: await readJson(event.request) }));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteActor({ ctx, actorId: event.params.actorId });
		return new Response(null, { status: 204 });
	});
