import type { Principal, RoleGrant } from './actor';
import type { Role } from './roles';
import { ForbiddenError } from './errors';

/** True when one of the grants has a role in `allowed` and covers the district (if a district is given). */
export function hasRole(p: Principal, allowed: readonly Role[], districtId?: string | null): boolean {
	return p.grants.some((g) => allowed.includes(g.role) && coversDistrict(g, districtId));
}

function coversDistrict(g: RoleGrant, districtId?: string | null): boolean {
	if (g.districtIds === null) return true;
	if (districtId === undefined) return false; // municipality-wide action needs an unnarrowed grant
	return districtId !== null && g.districtIds.includes(districtId);
}

export function isMember(p: Principal): boolean {
	return p.grants.length > 0;
}

/** The actors (departments, partners) this principal acts for. */
export function actorIdsOf(p: Principal): string[] {
	return [...new Set(p.grants.map((g) => g.actorId).filter((a): a is string => a !== null))];
}

export function assert(condition: boolean, reason = 'forbidden'): asserts condition {
	if (!condition) throw new ForbiddenError(reason);
}

export const ADMIN: readonly Role[] = ['admin'];
export const PLAN_OWNERS: readonly Role[] = ['admin', 'coordinator', 'planner'];
