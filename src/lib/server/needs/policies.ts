import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';
import type { Role } from '../core/roles';

/**
 * Recording needs and engagements: plan owners, and departments and partners who run interviews and round
 * tables themselves; narrowed grants only in their districts.
 */
export const NEED_RECORDERS: readonly Role[] = [...PLAN_OWNERS, 'department', 'partner'];
export const canRecordNeeds = (p: Principal, districtId: string): boolean => hasRole(p, NEED_RECORDERS, districtId);
/** The coarse check before the input names a district. */
export const recordsSomeNeeds = (p: Principal): boolean => p.grants.some((g) => NEED_RECORDERS.includes(g.role));

/** Deciding what becomes of a need (take up, merge, not pursue, reopen) belongs to the plan owners of the district. */
export const canDecideNeeds = (p: Principal, districtId: string): boolean => hasRole(p, PLAN_OWNERS, districtId);
export const decidesSomeNeeds = (p: Principal): boolean => p.grants.some((g) => PLAN_OWNERS.includes(g.role));

/** Editing a need or an engagement record: the plan owners of the district, or whoever recorded it. */
export const canEditRecord = (p: Principal, r: { districtId: string; createdBy: string | null }): boolean =>
	canDecideNeeds(p, r.districtId) || (r.createdBy !== null && r.createdBy === p.userId && canRecordNeeds(p, r.districtId));

/** A named person (recorded with consent) is shown to those who decide on the district's needs only. */
export const canSeePersonNames = (p: Principal, districtId: string): boolean => canDecideNeeds(p, districtId);
