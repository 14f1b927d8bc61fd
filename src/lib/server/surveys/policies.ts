import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';
import type { Role } from '../core/roles';

/**
 * Who may do what with surveys. A survey of a district is covered by grants narrowed to that district;
 * a municipality-wide survey (districtId null) needs an unnarrowed grant.
 * - build, open, close, translate: plan owners (admin, coordinator, planner);
 * - read aggregated results (after disclosure control): plan owners and the board;
 * - raw answers (each response, free texts; they may reveal origin, DOMAIN.md: special category) and the
 *   raw export: admin and coordinator only, who run the process and answer for the data.
 */
export const canManageSurvey = (p: Principal, districtId: string | null): boolean => hasRole(p, PLAN_OWNERS, districtId);
export const canCreateAnySurvey = (p: Principal): boolean => p.grants.some((g) => PLAN_OWNERS.includes(g.role));
const RESULT_READERS: readonly Role[] = [...PLAN_OWNERS, 'board'];
export const canViewResults = (p: Principal, districtId: string | null): boolean => hasRole(p, RESULT_READERS, districtId);
const RAW_READERS: readonly Role[] = ['admin', 'coordinator'];
export const canReadRawAnswers = (p: Principal, districtId: string | null): boolean => hasRole(p, RAW_READERS, districtId);
/** Deleting a survey deletes its responses: unnarrowed admins and coordinators only. */
export const canDeleteSurvey = (p: Principal): boolean => hasRole(p, RAW_READERS);
