import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { listIndicators } from '$lib/server/indicators/indicators.repository';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse({ data: await listIndicators(ctx.db.kysely, ctx.municipalityId) }));
