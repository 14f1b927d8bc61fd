import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActionField } from '$lib/server/plans/action-fields.repository';
import { canManageActionFields } from '$lib/server/plans/policies';
import { updateActionField } from '$lib/server/plans/update-action-field';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const field = await findActionField(ctx.db.kysely, ctx.municipalityId, params.fieldId);
	if (!field) error(404, 'Not Found');
	if (!canManageActionFields(ctx.principal)) error(403, 'Forbidden');
	return { field };
};

export const actions: Actions = {
	default: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findActionField(ctx.db.kysely, ctx.municipalityId, params.fieldId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		try {
			await updateActionField({ ctx, fieldId: params.fieldId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/action-fields`);
	}
};
