import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { measureStatuses } from '$lib/domain/plans';
import { findPlan, listActorRefs } from '$lib/server/plans/plans.repository';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { listGoals } from '$lib/server/plans/goals.repository';
import { countMeasures, listMeasures, measureFilterFromQuery } from '$lib/server/plans/measures.repository';
import { canEditPlan } from '$lib/server/plans/policies';
import { planVersionStatus } from '$lib/server/plans/plan-versions.repository';
import { todayInGermany } from '$lib/server/plans/plan-version-input';

/** The plan: text, goals per field of action, and the filterable catalogue of measures (a fixed number of queries). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const filter = measureFilterFromQuery(url.searchParams, measureStatuses);
	const [measures, total, goals, fields, actors, versionStatus] = await Promise.all([
		listMeasures(ctx.db.kysely, ctx.municipalityId, { planId: plan.id, ...filter }),
		countMeasures(ctx.db.kysely, ctx.municipalityId, plan.id),
		listGoals(ctx.db.kysely, ctx.municipalityId, plan.id),
		listActionFields(ctx.db.kysely, ctx.municipalityId),
		listActorRefs(ctx.db.kysely, ctx.municipalityId),
		planVersionStatus(ctx.db.kysely, ctx.municipalityId, plan.id)
	]);
	return {
		plan,
		filter: { field: filter.actionFieldId ?? '', goal: filter.goalId ?? '', lead: filter.leadActorId ?? '', status: filter.status ?? '' },
		measures,
		total,
		goals,
		fields,
		actors,
		statuses: measureStatuses,
		canEdit: canEditPlan(ctx.principal, plan.districtId),
		csvQuery: url.searchParams.toString(),
		versionStatus,
		today: todayInGermany(),
		rulesSaved: url.searchParams.has('rules')
	};
};
