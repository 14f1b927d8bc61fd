import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { actorKinds, actorLevels, findActor } from '$lib/server/actors/actors.repository';
import { canDeleteActor, canEditActor } from '$lib/server/actors/policies';
import { updateActor } from '$lib/server/actors/update-actor';
import { deleteActor } from '$lib/server/actors/delete-actor';

const notices = ['created', 'updated'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	if (!canEditActor(ctx.principal, actor.id)) error(403, 'Forbidden');
	return {
		actor,
		kinds: [...actorKinds],
		levels: [...actorLevels],
		canDelete: canDeleteActor(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await updateActor({ ctx, actorId: params.actorId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${params.actorId}?notice=updated`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			await deleteActor({ ctx, actorId: params.actorId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/actors?notice=deleted`);
	}
};
