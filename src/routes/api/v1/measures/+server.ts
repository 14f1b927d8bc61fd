import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { measureStatuses } from '$lib/domain/plans';
import { findMeasure, listMeasures, measureFilterFromQuery } from '$lib/server/plans/measures.repository';
import { createMeasure } from '$lib/server/plans/create-measure';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = event.url.searchParams.get('plan');
		if (plan !== null && !UUID.test(plan)) return jsonResponse({ data: [] });
		const filter = { ...(plan ? { planId: plan } : {}), ...measureFilterFromQuery(event.url.searchParams, measureStatuses) };
		return jsonResponse({ data: await listMeasures(ctx.db.kysely, ctx.municipalityId, filter) });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { id } = await createMeasure({ ctx, input: await readJson(event.request) });
		return jsonResponse(await findMeasure(ctx.db.kysely, ctx.municipalityId, id), 201, { location: `/api/v1/measures/${id}` });
	});
