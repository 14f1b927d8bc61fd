import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findActivity } from '$lib/server/actors/actors.repository';
import { updateActivity } from '$lib/server/actors/update-activity';
import { deleteActivity } from '$lib/server/actors/delete-activity';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const a = await findActivity(ctx.db.kysely, ctx.municipalityId, event.params.activityId);
		if (!a) throw new NotFoundError('activity');
		return jsonResponse(a);
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => jsonResponse(await updateActivity({ ctx, activityId: event.params.activityId, input: await readJson(event.request) })));

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteActivity({ ctx, activityId: event.params.activityId });
		return new Response(null, { status: 204 });
	});
