import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { assert } from '$lib/server/core/policies';
import { findContact } from '$lib/server/actors/actors.repository';
import { canSeeContacts } from '$lib/server/actors/policies';
import { updateContact } from '$lib/server/actors/update-contact';
import { eraseContact } from '$lib/server/actors/erase-contact';
import { requireActor } from '$lib/server/actors/api-views';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		const c = await findContact(ctx.db.kysely, ctx.municipalityId, event.params.contactId);
		if (!c || c.actorId !== event.params.actorId) throw new NotFoundError('contact');
		assert(canSeeContacts(ctx.principal, event.params.actorId));
		return jsonResponse(c);
	});

/** Replaces the whole record (as the form does). */
export const PUT: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		return jsonResponse(await updateContact({ ctx, actorId: event.params.actorId, contactId: event.params.contactId, input: await readJson(event.request) }));
	});

/** Erases the person's data for good; the reason comes as ?reason=… */
export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await requireActor(ctx.db.kysely, ctx.municipalityId, event.params.actorId);
		const c = await findContact(ctx.db.kysely, ctx.municipalityId, event.params.contactId);
		if (!c || c.actorId !== event.params.actorId) throw new NotFoundError('contact');
		await eraseContact({ ctx, actorId: event.params.actorId, contactId: event.params.contactId, input: { reason: event.url.searchParams.get('reason') ?? undefined } });
		return new Response(null, { status: 204 });
	});
