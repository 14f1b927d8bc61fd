import type { RequestHandler } from './$types';
import { download, found, viewContext } from '$lib/server/statistics/views/route-helpers';
import { seriesView } from '$lib/server/statistics/views/views';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	const sel = { areaId: url.searchParams.get('areaId') || null, districtId: url.searchParams.get('districtId') || null };
	return download(url, found(await seriesView(ctx, params.indicatorId, sel)));
};
