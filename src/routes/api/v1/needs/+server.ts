import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { listNeeds } from '$lib/server/needs/needs.repository';
import { createNeed } from '$lib/server/needs/create-need';
import { needListQuery } from '$lib/server/needs/needs.openapi';
import { parseInput } from '$lib/server/core/validate';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const q = parseInput(needListQuery, Object.fromEntries(event.url.searchParams));
		return jsonResponse({ data: await listNeeds(ctx.db.kysely, ctx.municipalityId, q, q.limit) });
	});

/** Idempotency-Key (header) or submissionKey (body): a retried request returns the need of the first (200 instead of 201). */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const body = await readJson(event.request);
		const key = event.request.headers.get('idempotency-key');
		const input = key && body && typeof body === 'object' && !Array.isArray(body) ? { ...body, submissionKey: key } : body;
		const r = await createNeed({ ctx, input });
		return jsonResponse(r, r.replayed ? 200 : 201, { location: `/api/v1/needs/${r.id}` });
	});
