import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findMeasure } from '$lib/server/plans/measures.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { measureFormOptions } from '$lib/server/plans/form-options';
import { compactMeasureValues, MEASURE_MULTI, measureFormInput, measureValues } from '$lib/server/plans/forms';
import { updateMeasure } from '$lib/server/plans/update-measure';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, params.measureId);
	if (!measure || measure.planId !== params.planId) error(404, 'Not Found');
	if (!canEditPlan(ctx.principal, measure.districtId)) error(403, 'Forbidden');
	return { measure, options: await measureFormOptions(ctx.db.kysely, ctx.municipalityId, measure.planId, measure.actionFieldId), initial: measureValues(measure) };
};

/** Existence first: a measure of another plan or municipality is 404 whatever the form says. */
async function requireMeasure(ctx: ReturnType<typeof tenantContext>, planId: string, measureId: string) {
	const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, measureId);
	if (!measure || measure.planId !== planId) error(404, 'Not Found');
}

export const actions: Actions = {
	save: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireMeasure(ctx, params.planId, params.measureId);
		const values = formValues(await request.formData(), MEASURE_MULTI);
		try {
			await updateMeasure({ ctx, measureId: params.measureId, input: measureFormInput(values) });
		} catch (e) {
			return failFromError(e, compactMeasureValues(values));
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/measures/${params.measureId}?saved=1`);
	},
	addRow: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireMeasure(ctx, params.planId, params.measureId);
		const values = formValues(await request.formData(), MEASURE_MULTI);
		return { values: compactMeasureValues(values, 1), errors: null };
	}
};
