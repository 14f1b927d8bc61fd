import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';

/** Any plan owner, also one narrowed to districts, may record the actors they meet in the inventory. */
export const canCreateActor = (p: Principal): boolean => p.grants.some((g) => PLAN_OWNERS.includes(g.role));

/** Plan owners, and a department or partner keeping its own actor profile up to date. */
export const canEditActor = (p: Principal, actorId: string): boolean =>
	canCreateActor(p) || p.grants.some((g) => g.actorId === actorId && (g.role === 'department' || g.role === 'partner'));

/** Deleting removes the actor for every district: unnarrowed plan owners only. */
export const canDeleteActor = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);
