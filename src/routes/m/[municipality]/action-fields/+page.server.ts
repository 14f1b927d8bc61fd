import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { canManageActionFields } from '$lib/server/plans/policies';
import { createActionField } from '$lib/server/plans/create-action-field';
import { moveActionField } from '$lib/server/plans/move-action-field';
import { setActionFieldActive } from '$lib/server/plans/set-action-field-active';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	return {
		fields: await listActionFields(ctx.db.kysely, ctx.municipalityId),
		canManage: canManageActionFields(ctx.principal),
		notice: url.searchParams.get('created') ? 'actionFields.created' : null
	};
};

export const actions: Actions = {
	create: async ({ locals, request, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await createActionField({ ctx, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `${url.pathname}?created=1`);
	},
	move: async ({ locals, request, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await moveActionField({ ctx, fieldId: String(values.id ?? ''), input: { direction: values.direction } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, url.pathname);
	},
	setActive: async ({ locals, request, url }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await setActionFieldActive({ ctx, fieldId: String(values.id ?? ''), input: { active: values.active } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, url.pathname);
	}
};
