import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listDistrictsWithPlans, listPlans } from '$lib/server/plans/plans.repository';
import { canEditPlan } from '$lib/server/plans/policies';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [plans, districts] = await Promise.all([listPlans(ctx.db.kysely, ctx.municipalityId), listDistrictsWithPlans(ctx.db.kysely, ctx.municipalityId)]);
	const byId = new Map(plans.map((p) => [p.id, p]));
	return {
		rows: districts.map((d) => ({ district: d, plan: d.planId ? (byId.get(d.planId) ?? null) : null, canCreate: canEditPlan(ctx.principal, d.id) }))
	};
};
