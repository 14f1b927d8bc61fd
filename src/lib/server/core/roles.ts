/** Roles from DOMAIN.md, held per municipality. */
export const roles = ['admin', 'coordinator', 'planner', 'department', 'partner', 'board'] as const;
export type Role = (typeof roles)[number];
/** Roles that can be narrowed to districts. */
export const narrowableRoles: readonly Role[] = ['coordinator', 'planner', 'department', 'partner', 'board'];
