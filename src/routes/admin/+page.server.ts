import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { superadminContext } from '$lib/server/accounts/route-guards';

export const load: PageServerLoad = async ({ locals, url }) => {
	superadminContext(locals, url);
	redirect(303, '/admin/municipalities');
};
