import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { goalFormOptions } from '$lib/server/plans/form-options';
import { GOAL_MULTI } from '$lib/server/plans/forms';
import { createGoal } from '$lib/server/plans/create-goal';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	return { plan, options: await goalFormOptions(ctx.db.kysely, ctx.municipalityId, plan.id), initial: { priority: '2', parentGoalId: url.searchParams.get('parent') ?? '' } };
};

export const actions: Actions = {
	save: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), GOAL_MULTI);
		try {
			await createGoal({ ctx, input: { ...values, planId: params.planId } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}`);
	}
};
