import type { Principal } from '../core/actor';
import { ADMIN, hasRole } from '../core/policies';

/** Portal settings and the legal texts: the municipality's admins. */
export const canEditPortalSettings = (p: Principal): boolean => hasRole(p, ADMIN);

/** News and the feedback inbox: the coordination (admin, coordinator); a narrowed coordinator for their districts' news. */
export const canManageNews = (p: Principal, districtId: string | null): boolean => hasRole(p, ['admin', 'coordinator'], districtId ?? undefined);
export const canReadFeedback = (p: Principal): boolean => hasRole(p, ['admin', 'coordinator']);
