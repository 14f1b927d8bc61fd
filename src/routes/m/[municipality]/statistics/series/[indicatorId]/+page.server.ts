import type { PageServerLoad } from './$types';
import { found, queryOf, viewContext } from '$lib/server/statistics/views/route-helpers';
import { indicatorOptions, seriesView } from '$lib/server/statistics/views/views';

export const csr = false;

const selection = (url: URL) => ({ areaId: url.searchParams.get('areaId') || null, districtId: url.searchParams.get('districtId') || null });

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const view = found(await seriesView(ctx, params.indicatorId, selection(url)));
	const { table: _table, ...rest } = view;
	return { view: rest, indicators: await indicatorOptions(ctx), query: queryOf(url) };
};
