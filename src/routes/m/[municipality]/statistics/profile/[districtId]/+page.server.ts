import type { PageServerLoad } from './$types';
import { found, queryOf, viewContext } from '$lib/server/statistics/views/route-helpers';
import { profileView } from '$lib/server/statistics/views/views';

export const csr = false;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const view = found(await profileView(ctx, params.districtId, url.searchParams.get('period')));
	const { table: _table, ...rest } = view;
	return { view: rest, query: queryOf(url) };
};
