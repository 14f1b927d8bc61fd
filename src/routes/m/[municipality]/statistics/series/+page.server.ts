import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { viewContext } from '$lib/server/statistics/views/route-helpers';
import { indicatorOptions } from '$lib/server/statistics/views/views';

export const csr = false;

/** The indicator picker; a GET form with ?indicatorId= leads on to the view (works without JavaScript). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const indicators = await indicatorOptions(ctx);
	const chosen = url.searchParams.get('indicatorId');
	if (chosen && indicators.some((i) => i.id === chosen)) redirect(303, `/m/${params.municipality}/statistics/series/${chosen}`);
	return { indicators, view: 'series' as const };
};
