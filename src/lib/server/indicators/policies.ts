import type { Principal } from '../core/actor';
import { hasRole, isMember, PLAN_OWNERS } from '../core/policies';

/** The catalogue, areas and imports shape the statistics of the whole municipality: unnarrowed plan owners. */
export const canManageIndicators = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);

/** Importing statistics: the same people (a statistics office user gets a planner grant). */
export const canImportStatistics = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);

/** Disclosed figures are visible to every member (published figures are public anyway). */
export const canReadStatistics = (p: Principal): boolean => isMember(p);
