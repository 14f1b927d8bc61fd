import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';

/** City-wide concepts and their goals belong to the whole municipality: unnarrowed plan owners. */
export const canEditCityConcepts = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);

/** A district concept: plan owners, narrowed grants for their own districts. */
export const canEditDistrictConcept = (p: Principal, districtId: string): boolean => hasRole(p, PLAN_OWNERS, districtId);
