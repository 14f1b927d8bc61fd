import type { RequestHandler } from './$types';
import { download, found, viewContext } from '$lib/server/statistics/views/route-helpers';
import { profileView } from '$lib/server/statistics/views/views';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = viewContext(locals, url);
	return download(url, found(await profileView(ctx, params.districtId, url.searchParams.get('period'))));
};
