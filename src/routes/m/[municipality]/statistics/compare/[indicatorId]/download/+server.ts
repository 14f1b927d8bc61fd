import type { RequestHandler } from './$types';
import { download, found, viewContext } from '$lib/server/statistics/views/route-helpers';
import { compareView } from '$lib/server/statistics/views/views';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const q = { period: url.searchParams.get('period'), sort: url.searchParams.get('sort'), dir: url.searchParams.get('dir') };
	return download(url, found(await compareView(ctx, params.indicatorId, q)));
};
