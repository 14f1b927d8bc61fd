import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActor } from '$lib/server/actors/actors.repository';
import { canSeeContacts } from '$lib/server/actors/policies';
import { createContact } from '$lib/server/actors/create-contact';
import { NotFoundError } from '$lib/server/core/errors';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	if (!canSeeContacts(ctx.principal, actor.id)) error(403, 'Forbidden');
	return { actor };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), ['languages']);
		try {
			if (!(await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId))) throw new NotFoundError('actor');
			await createContact({ ctx, actorId: params.actorId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=contactCreated#contacts-h`);
	}
};
