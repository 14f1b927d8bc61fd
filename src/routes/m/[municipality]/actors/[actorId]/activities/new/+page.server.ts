import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActor } from '$lib/server/actors/actors.repository';
import { canEditActor } from '$lib/server/actors/policies';
import { createActivity } from '$lib/server/actors/create-activity';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { multiActivityFields } from '$lib/server/actors/views';
import { NotFoundError } from '$lib/server/core/errors';
import { isoDate } from '$lib/domain/actors';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const actor = await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId);
	if (!actor) error(404, 'Not Found');
	if (!canEditActor(ctx.principal, actor.id)) error(403, 'Forbidden');
	const fields = await listActionFields(ctx.db.kysely, ctx.municipalityId, { activeOnly: true });
	return { actor, fields: fields.map((f) => ({ id: f.id, name: f.name })), today: isoDate(new Date()) };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), multiActivityFields);
		let id: string;
		try {
			if (!(await findActor(ctx.db.kysely, ctx.municipalityId, params.actorId))) throw new NotFoundError('actor');
			id = (await createActivity({ ctx, input: { ...values, actorId: params.actorId } })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/activities/${id}?notice=created`);
	}
};
