import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { measureStatuses } from '$lib/domain/plans';
import { findMeasure } from '$lib/server/plans/measures.repository';
import { canEditPlan, canReportProgress } from '$lib/server/plans/policies';
import { updateMeasureProgress } from '$lib/server/plans/update-measure-progress';
import { deleteMeasure } from '$lib/server/plans/delete-measure';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, params.measureId);
	if (!measure || measure.planId !== params.planId) error(404, 'Not Found');
	return {
		measure,
		statuses: measureStatuses,
		canEdit: canEditPlan(ctx.principal, measure.districtId),
		canReport: canReportProgress(ctx.principal, { districtId: measure.districtId, leadActorId: measure.leadActorId, partnerActorIds: measure.partners.map((p) => p.id) }),
		notice: url.searchParams.get('saved') ? 'measure.saved' : url.searchParams.get('progress') ? 'measure.progressSaved' : null
	};
};

/** Existence first: a measure of another plan or municipality is 404 whatever the form says. */
async function requireMeasure(ctx: ReturnType<typeof tenantContext>, planId: string, measureId: string) {
	const measure = await findMeasure(ctx.db.kysely, ctx.municipalityId, measureId);
	if (!measure || measure.planId !== planId) error(404, 'Not Found');
}

export const actions: Actions = {
	progress: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireMeasure(ctx, params.planId, params.measureId);
		const values = formValues(await request.formData(), ['doneMilestoneIds']);
		try {
			await updateMeasureProgress({ ctx, measureId: params.measureId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `${url.pathname}?progress=1`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await requireMeasure(ctx, params.planId, params.measureId);
		try {
			await deleteMeasure({ ctx, measureId: params.measureId });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}`);
	}
};
