import type { PageServerLoad } from './$types';
import { found, queryOf, viewContext } from '$lib/server/statistics/views/route-helpers';
import { indicatorOptions, mapView } from '$lib/server/statistics/views/views';

export const csr = false;

const options = (url: URL) => ({ period: url.searchParams.get('period'), method: url.searchParams.get('method'), classes: url.searchParams.get('classes') });

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const view = found(await mapView(ctx, params.indicatorId, options(url)));
	const { table: _table, ...rest } = view;
	return { view: rest, indicators: await indicatorOptions(ctx), query: queryOf(url) };
};
