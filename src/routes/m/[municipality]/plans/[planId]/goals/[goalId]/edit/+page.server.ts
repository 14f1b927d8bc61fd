import { error, fail, redirect } from '@sveltejs/kit';
import { ConflictError } from '$lib/server/core/errors';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { findGoal } from '$lib/server/plans/goals.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { goalFormOptions } from '$lib/server/plans/form-options';
import { GOAL_MULTI, goalValues } from '$lib/server/plans/forms';
import { updateGoal } from '$lib/server/plans/update-goal';
import { deleteGoal } from '$lib/server/plans/delete-goal';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const [plan, goal] = await Promise.all([findPlan(ctx.db.kysely, ctx.municipalityId, params.planId), findGoal(ctx.db.kysely, ctx.municipalityId, params.goalId)]);
	if (!plan || !goal || goal.planId !== plan.id) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	return { plan, goal, options: await goalFormOptions(ctx.db.kysely, ctx.municipalityId, plan.id, goal), initial: goalValues(goal) };
};

/** Existence first: a goal of another plan or municipality is 404 whatever the form says. */
async function requireGoal(ctx: ReturnType<typeof tenantContext>, planId: string, goalId: string) {
	const goal = await findGoal(ctx.db.kysely, ctx.municipalityId, goalId);
	if (!goal || goal.planId !== planId) error(404, 'Not Found');
}

export const actions: Actions = {
	save: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireGoal(ctx, params.planId, params.goalId);
		const values = formValues(await request.formData(), GOAL_MULTI);
		try {
			await updateGoal({ ctx, goalId: params.goalId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireGoal(ctx, params.planId, params.goalId);
		try {
			await deleteGoal({ ctx, goalId: params.goalId });
		} catch (e) {
			if (e instanceof ConflictError) return fail(409, { deleteError: e.messageKey });
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}`);
	}
};
