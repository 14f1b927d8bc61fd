import type { RequestHandler } from './$types';
import { download, found, viewContext } from '$lib/server/statistics/views/route-helpers';
import { mapView } from '$lib/server/statistics/views/views';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const q = { period: url.searchParams.get('period'), method: url.searchParams.get('method'), classes: url.searchParams.get('classes') };
	return download(url, found(await mapView(ctx, params.indicatorId, q)));
};
