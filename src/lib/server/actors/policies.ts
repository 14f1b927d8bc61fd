import type { Principal } from '../core/actor';
import { ADMIN, hasRole, PLAN_OWNERS } from '../core/policies';

/** Any plan owner, also one narrowed to districts, may record the actors they meet in the inventory. */
export const canCreateActor = (p: Principal): boolean => p.grants.some((g) => PLAN_OWNERS.includes(g.role));

/** Plan owners, and a department or partner keeping its own actor profile (and activities) up to date. */
export const canEditActor = (p: Principal, actorId: string): boolean =>
	canCreateActor(p) || p.grants.some((g) => g.actorId === actorId && (g.role === 'department' || g.role === 'partner'));

/** Deleting or merging changes the actor for every district: unnarrowed plan owners only. */
export const canDeleteActor = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);
export const canMergeActors = canDeleteActor;

/**
 * Contact persons are personal data: seen and kept by whoever maintains the actor's profile (plan owners, the
 * actor's own department or partner users), not by the board, other departments or other partners.
 */
export const canSeeContacts = canEditActor;

/** The overview of contacts past their retention date is the administration's duty. */
export const canReviewRetention = (p: Principal): boolean => hasRole(p, ADMIN);

/** A cooperation may be recorded or removed by whoever may edit one of its two actors. */
export const canEditCooperation = (p: Principal, a: string, b: string): boolean => canEditActor(p, a) || canEditActor(p, b);
