import type { LayoutServerLoad } from './$types';
import { superadminContext } from '$lib/server/accounts/route-guards';

/** Installation administration: superadmins only (login first, 403 for everyone else). */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	superadminContext(locals, url);
	return {};
};
