import type { PageServerLoad } from './$types';
import { found, queryOf, viewContext } from '$lib/server/statistics/views/route-helpers';
import { compareView, indicatorOptions } from '$lib/server/statistics/views/views';

export const csr = false;

const options = (url: URL) => ({ period: url.searchParams.get('period'), sort: url.searchParams.get('sort'), dir: url.searchParams.get('dir') });

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const view = found(await compareView(ctx, params.indicatorId, options(url)));
	const { table: _table, ...rest } = view;
	// Sort links keep the other parameters (the period); downloads keep the sort.
	const sortHref = (key: string) => {
		const q = new URLSearchParams(queryOf(url));
		q.set('sort', key);
		q.set('dir', view.sort === key ? (view.dir === 'asc' ? 'desc' : 'asc') : key === 'value' ? 'desc' : 'asc');
		return `?${q}`;
	};
	return { view: rest, indicators: await indicatorOptions(ctx), query: queryOf(url), sortLinks: { code: sortHref('code'), name: sortHref('name'), value: sortHref('value') } };
};
