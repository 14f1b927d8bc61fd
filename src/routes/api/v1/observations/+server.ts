import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { queryObservations } from '$lib/server/indicators/observations-api';
import { upsertObservations } from '$lib/server/indicators/upsert-observations';
import { referenceProblem } from '$lib/server/indicators/imports-api';

/** Observations with disclosure control applied; filters: indicator (id or key), area (id or code), period. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => jsonResponse(await queryObservations(ctx.db.kysely, ctx.municipalityId, Object.fromEntries(event.url.searchParams))));

/**
 * A batch of observations, stored idempotently (same indicator/area/period is updated). Indicator or area ids
 * that are not this municipality's answer 404 with the offending fields; nothing is written.
 */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const input = await readJson(event.request);
		return referenceProblem(ctx, () => upsertObservations({ ctx, input }).then((r) => jsonResponse(r)));
	});
