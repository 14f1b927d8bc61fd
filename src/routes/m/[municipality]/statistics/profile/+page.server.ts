import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { viewContext } from '$lib/server/statistics/views/route-helpers';
import { startView } from '$lib/server/statistics/views/views';

export const csr = false;

/** The district picker; a GET form with ?districtId= leads on to the profile (works without JavaScript). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const view = await startView(ctx);
	const chosen = url.searchParams.get('districtId');
	if (chosen && view.districts.some((d) => d.id === chosen)) redirect(303, `/m/${params.municipality}/statistics/profile/${chosen}`);
	return { districts: view.districts };
};
