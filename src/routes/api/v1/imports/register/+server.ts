import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { importRegisterFromRequest, referenceProblem } from '$lib/server/indicators/imports-api';

/** A register extract (CSV/XLSX/ODS) as the body, the column mapping in the query: the aggregated result only. */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => referenceProblem(ctx, async () => jsonResponse(await importRegisterFromRequest(ctx, event.request, event.url))));
