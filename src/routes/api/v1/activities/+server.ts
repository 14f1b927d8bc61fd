import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listActivities } from '$lib/server/actors/actors.repository';
import { createActivity } from '$lib/server/actors/create-activity';

/** All activities; ?actorId=, ?actionFieldId= and ?stale=true narrow the list. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const p = event.url.searchParams;
		const actorId = p.get('actorId') ?? undefined;
		const fieldId = p.get('actionFieldId');
		const stale = p.get('stale');
		const data = (await listActivities(ctx.db.kysely, ctx.municipalityId, { actorId })).filter(
			(a) => (!fieldId || a.actionFieldId === fieldId) && (stale === null || a.stale === (stale === 'true'))
		);
		return jsonResponse({ data });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const a = await createActivity({ ctx, input: await readJson(event.request) });
		return jsonResponse(a, 201, { location: `/api/v1/activities/${a.id}` });
	});
