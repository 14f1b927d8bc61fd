import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan, type ActionPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { updatePlanRules } from '$lib/server/plans/update-plan-rules';
import { ruleIntervals, ruleKinds } from '$lib/domain/plans/snapshot';

/** The stored rules as form values. */
function rulesValues(p: ActionPlan): Record<string, string> {
	const out: Record<string, string> = {};
	for (const k of ruleKinds) {
		const r = p.rules[k];
		out[`${k}By`] = r.by;
		if (k === 'reporting') out.reportingTo = r.to;
		out[`${k}Interval`] = r.intervalMonths === null ? '' : String(r.intervalMonths);
		out[`${k}NextDate`] = r.nextDate ?? '';
		out[`${k}Notes`] = r.notes;
	}
	return out;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	return { plan, initial: rulesValues(plan), intervals: ruleIntervals };
};

export const actions: Actions = {
	default: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		try {
			await updatePlanRules({ ctx, planId: params.planId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}?rules=1#rules`);
	}
};
