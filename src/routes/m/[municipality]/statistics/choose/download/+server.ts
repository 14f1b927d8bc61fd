import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { download, viewContext } from '$lib/server/statistics/views/route-helpers';
import { chooseView } from '$lib/server/statistics/views/choose';

export const GET: RequestHandler = async ({ locals, url }) => {
	const ctx = viewContext(locals, url);
	const view = await chooseView(ctx, url.searchParams);
	if (!view.result) error(404, 'Not Found');
	return download(url, { table: view.result.table });
};
