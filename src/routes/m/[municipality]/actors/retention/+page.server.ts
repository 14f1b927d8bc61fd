import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findContact, listContactsPastRetention } from '$lib/server/actors/actors.repository';
import { canReviewRetention } from '$lib/server/actors/policies';
import { eraseContact } from '$lib/server/actors/erase-contact';
import { NotFoundError } from '$lib/server/core/errors';
import { isoDate } from '$lib/domain/actors';

/** Contact persons past their retention date, for the administration to erase (or to renew with the actor). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canReviewRetention(ctx.principal)) error(403, 'Forbidden');
	const today = isoDate(new Date());
	return { contacts: await listContactsPastRetention(ctx.db.kysely, ctx.municipalityId, today), today, erased: url.searchParams.get('notice') === 'erased' };
};

export const actions: Actions = {
	erase: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			if (!canReviewRetention(ctx.principal)) error(403, 'Forbidden');
			const contact = await findContact(ctx.db.kysely, ctx.municipalityId, String(values.contactId ?? ''));
			if (!contact) throw new NotFoundError('contact');
			await eraseContact({ ctx, actorId: contact.actorId, contactId: contact.id, input: { reason: 'retention-expired' } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/retention?notice=erased`);
	}
};
