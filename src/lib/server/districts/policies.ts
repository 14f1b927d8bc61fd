import type { Principal } from '../core/actor';
import { hasRole, PLAN_OWNERS } from '../core/policies';

/** Creating, deleting and re-parenting districts shape the whole municipality: unnarrowed grants only. */
export const canManageDistricts = (p: Principal): boolean => hasRole(p, PLAN_OWNERS);

/** Editing a district (and its concept): plan owners, narrowed grants only for their own districts. */
export const canEditDistrict = (p: Principal, districtId: string): boolean => hasRole(p, PLAN_OWNERS, districtId);
