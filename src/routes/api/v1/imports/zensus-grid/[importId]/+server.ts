import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { gridImportResource } from '$lib/server/indicators/imports-api';

/** Status, progress and (when finished) the report of a Zensus grid import; another municipality's id → 404. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const resource = await gridImportResource(ctx, event.params.importId);
		const running = resource.status === 'queued' || resource.status === 'running';
		return jsonResponse(resource, 200, running ? { 'retry-after': '2', 'cache-control': 'no-store' } : { 'cache-control': 'no-store' });
	});
