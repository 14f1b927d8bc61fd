import type { LayoutServerLoad } from './$types';
import { adminContext } from '$lib/server/accounts/route-guards';

/** The administration of a municipality is for its admins (pages and commands check again). */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	adminContext(locals, url);
	return {};
};
