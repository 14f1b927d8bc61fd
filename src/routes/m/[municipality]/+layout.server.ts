import type { LayoutServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';

/** Every page under /m/<slug>/ needs a login and a role in that municipality; others get 404. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	return { base: `/m/${locals.municipality!.slug}`, grants: ctx.principal.grants };
};
