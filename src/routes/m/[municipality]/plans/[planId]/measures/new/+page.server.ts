import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { measureFormOptions } from '$lib/server/plans/form-options';
import { compactMeasureValues, DEFAULT_BLANK_ROWS, MEASURE_MULTI, measureFormInput } from '$lib/server/plans/forms';
import { createMeasure } from '$lib/server/plans/create-measure';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, plan.districtId)) error(403, 'Forbidden');
	const initial: Record<string, string | string[]> = { status: 'planned', spatialScope: 'district', _blank: String(DEFAULT_BLANK_ROWS) };
	const goal = url.searchParams.get('goal');
	if (goal) initial.goalIds = [goal];
	return { plan, options: await measureFormOptions(ctx.db.kysely, ctx.municipalityId, plan.id), initial };
};

export const actions: Actions = {
	save: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), MEASURE_MULTI);
		let id: string;
		try {
			({ id } = await createMeasure({ ctx, input: { ...measureFormInput(values), planId: params.planId } }));
		} catch (e) {
			return failFromError(e, compactMeasureValues(values));
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/measures/${id}?saved=1`);
	},
	/** "Another row for a milestone": shows the form again with what was entered and one more empty row. */
	addRow: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), MEASURE_MULTI);
		return { values: compactMeasureValues(values, 1), errors: null };
	}
};
