import { error, redirect } from '@sveltejs/kit';
import { tenantContext } from '../forms';
import { ADMIN, hasRole } from '../core/policies';
import type { UserContext } from './context';

const loginRedirect = (url: URL): never => redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);

/** Pages of /m/<slug>/admin: a member with the (unnarrowed) admin role, else 403 (404 for non-members). */
export function adminContext(locals: App.Locals, url: URL) {
	const ctx = tenantContext(locals, url);
	if (!hasRole(ctx.principal, ADMIN)) error(403, 'Forbidden');
	return ctx;
}

/** The logged-in user acting on their own account (/account). */
export function userContext(locals: App.Locals, url: URL): UserContext {
	if (!locals.user) loginRedirect(url);
	return { db: locals.db, userId: locals.user!.id, isSuperadmin: locals.user!.isSuperadmin, requestId: locals.requestId };
}

/** Installation administration (/admin): superadmins only. */
export function superadminContext(locals: App.Locals, url: URL): UserContext {
	const ctx = userContext(locals, url);
	if (!ctx.isSuperadmin) error(403, 'Forbidden');
	return ctx;
}
