import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { planValues } from '$lib/server/plans/forms';
import { updateActionPlan } from '$lib/server/plans/update-action-plan';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	return { plan, initial: planValues(plan) };
};

export const actions: Actions = {
	default: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		try {
			await updateActionPlan({ ctx, planId: params.planId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}`);
	}
};
