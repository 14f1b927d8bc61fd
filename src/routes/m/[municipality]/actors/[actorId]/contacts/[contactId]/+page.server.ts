import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActor, findContact } from '$lib/server/actors/actors.repository';
import { canSeeContacts } from '$lib/server/actors/policies';
import { updateContact } from '$lib/server/actors/update-contact';
import { contactErasureReasons, eraseContact } from '$lib/server/actors/erase-contact';
import { contactToForm } from '$lib/server/actors/views';
import { NotFoundError } from '$lib/server/core/errors';
import { isoDate } from '$lib/domain/actors';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId);
	const contact = actor && (await findContact(ctx.db.kysely, ctx.municipalityId, params.contactId));
	if (!actor || !contact || contact.actorId !== actor.id) error(404, 'Not Found');
	if (!canSeeContacts(ctx.principal, actor.id)) error(403, 'Forbidden');
	return {
		actor,
		contact: { id: contact.id, name: contact.name, retentionUntil: contact.retentionUntil, expired: contact.retentionUntil < isoDate(new Date()) },
		values: contactToForm(contact),
		reasons: [...contactErasureReasons],
		updated: url.searchParams.get('notice') === 'updated'
	};
};

async function check(ctx: ReturnType<typeof tenantContext>, actorId: string, contactId: string) {
	const contact = await findContact(ctx.db.kysely, ctx.municipalityId, contactId);
	if (!contact || contact.actorId !== actorId) throw new NotFoundError('contact');
}

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), ['languages']);
		try {
			await check(ctx, params.actorId, params.contactId);
			await updateContact({ ctx, actorId: params.actorId, contactId: params.contactId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}/contacts/${params.contactId}?notice=updated`);
	},
	erase: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await check(ctx, params.actorId, params.contactId);
			await eraseContact({ ctx, actorId: params.actorId, contactId: params.contactId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'erase' });
		}
		redirect(303, url.searchParams.get('from') === 'retention' ? `/m/${params.municipality}/actors/retention?notice=erased` : `/m/${params.municipality}/actors/${params.actorId}?notice=contactErased`);
	}
};
