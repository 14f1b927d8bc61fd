import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findPlan } from '$lib/server/plans/plans.repository';
import { listPlanVersions } from '$lib/server/plans/plan-versions.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { submitPlanVersion } from '$lib/server/plans/submit-plan-version';

/** The version history of a plan, with the form to submit the working draft. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const versions = await listPlanVersions(ctx.db.kysely, ctx.municipalityId, plan.id);
	return {
		plan,
		versions,
		nextNumber: (versions[0]?.number ?? 0) + 1,
		submitted: versions.find((v) => v.state === 'submitted') ?? null,
		canSubmit: canEditPlan(ctx.principal, plan.districtId)
	};
};

export const actions: Actions = {
	submit: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId))) error(404, 'Not Found');
		const values = formValues(await request.formData());
		let id: string;
		try {
			id = (await submitPlanVersion({ ctx, planId: params.planId, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${params.planId}/versions/${id}?submitted=1`);
	}
};
