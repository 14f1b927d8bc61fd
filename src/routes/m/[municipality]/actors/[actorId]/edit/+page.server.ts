import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { actorKinds, actorLevels, findActor, findActorProfile } from '$lib/server/actors/actors.repository';
import { canDeleteActor, canEditActor } from '$lib/server/actors/policies';
import { updateActor } from '$lib/server/actors/update-actor';
import { deleteActor } from '$lib/server/actors/delete-actor';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { actorFormInput, multiActorFields, profileToForm } from '$lib/server/actors/views';
import { NotFoundError } from '$lib/server/core/errors';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActorProfile(ctx.db.kysely, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	if (!canEditActor(ctx.principal, actor.id)) error(403, 'Forbidden');
	const [fields, districts] = await Promise.all([listActionFields(ctx.db.kysely, ctx.municipalityId), listDistrictOptions(ctx.db.kysely, ctx.municipalityId)]);
	return {
		actor: { id: actor.id, name: actor.name },
		values: profileToForm(actor),
		kinds: [...actorKinds],
		levels: [...actorLevels],
		// Inactive fields stay offered when the actor already has them, so saving never drops them silently.
		fields: fields.filter((f) => f.active || actor.actionFieldIds.includes(f.id)).map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		canDelete: canDeleteActor(ctx.principal)
	};
};

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), multiActorFields);
		try {
			await updateActor({ ctx, actorId: params.actorId, input: actorFormInput(values) });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=updated`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			if (!(await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId))) throw new NotFoundError('actor');
			await deleteActor({ ctx, actorId: params.actorId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/actors?notice=deleted`);
	}
};
