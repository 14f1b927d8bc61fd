import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';
import type { Role } from '../core/roles';

/** Fields of action are the municipality's vocabulary: only unnarrowed admins and coordinators change them. */
export const FIELD_MANAGERS: readonly Role[] = ['admin', 'coordinator'];
export const canManageActionFields = (p: Principal): boolean => hasRole(p, FIELD_MANAGERS);

/** Roles that report on their own measures (through the actor they act for). */
export const PROGRESS_REPORTERS: readonly Role[] = ['department', 'partner'];

/** Plan owners for some district at least: the coarse check before the input names the plan or district. */
export const ownsSomePlan = (p: Principal): boolean => p.grants.some((g) => PLAN_OWNERS.includes(g.role));

/** Create/edit a plan and its goals and measures: admin/coordinator/planner, a narrowed grant only in its districts. */
export const canEditPlan = (p: Principal, districtId: string): boolean => hasRole(p, PLAN_OWNERS, districtId);

/**
 * Report progress (status, milestones done, description) on a measure: plan owners, or a department/partner
 * user acting for the lead or a partner actor of the measure (within their districts when narrowed).
 */
export function canReportProgress(p: Principal, m: { districtId: string; leadActorId: string | null; partnerActorIds: readonly string[] }): boolean {
	if (canEditPlan(p, m.districtId)) return true;
	const involved = new Set([m.leadActorId, ...m.partnerActorIds].filter((a): a is string => !!a));
	return p.grants.some(
		(g) =>
			PROGRESS_REPORTERS.includes(g.role) &&
			g.actorId !== null &&
			involved.has(g.actorId) &&
			(g.districtIds === null || g.districtIds.includes(m.districtId))
	);
}

/** Recording the council's resolution of a plan version is the coordination's job (and the admin's). */
export const PLAN_RESOLVERS: readonly Role[] = ['admin', 'coordinator'];
export const canResolvePlan = (p: Principal, districtId: string): boolean => hasRole(p, PLAN_RESOLVERS, districtId);
export const resolvesSomePlan = (p: Principal): boolean => p.grants.some((g) => PLAN_RESOLVERS.includes(g.role));
