import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { assert } from '$lib/server/core/policies';
import { listContacts } from '$lib/server/actors/actors.repository';
import { canSeeContacts } from '$lib/server/actors/policies';
import { createContact } from '$lib/server/actors/create-contact';
import { requireActor } from '$lib/server/actors/api-views';

/** Contact persons are personal data: 403 for tokens whose user may not see them. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		assert(canSeeContacts(ctx.principal, event.params.actorId));
		return jsonResponse({ data: await listContacts(ctx.db.kysely, ctx.municipalityId, event.params.actorId) });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		const c = await createContact({ ctx, actorId: event.params.actorId, input: await readJson(event.request) });
		return jsonResponse(c, 201, { location: `/api/v1/actors/${event.params.actorId}/contacts/${c.id}` });
	});
