import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { translate } from '$lib/i18n';
import { findDistrictRef } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { createActionPlan } from '$lib/server/plans/create-action-plan';

/** The plan of a district: shown at /plans/[planId] when it exists, else created here. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const district = await findDistrictRef(ctx.db.kysely, ctx.municipalityId, params.districtId);
	if (!district) error(404, 'Not Found');
	if (district.planId) redirect(303, `/m/${params.municipality}/plans/${district.planId}`);
	return {
		district,
		canCreate: canEditPlan(ctx.principal, district.id),
		initial: { title: translate(locals.locale, 'plan.titleDefault', { district: district.name }) }
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		// Existence first: another municipality's district is 404 whatever the form says.
		if (!(await findDistrictRef(ctx.db.kysely, ctx.municipalityId, params.districtId))) error(404, 'Not Found');
		let id: string;
		try {
			({ id } = await createActionPlan({ ctx, input: { ...values, districtId: params.districtId } }));
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/plans/${id}`);
	}
};
