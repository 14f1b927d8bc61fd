import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { listPlans } from '$lib/server/plans/plans.repository';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse({ data: await listPlans(ctx.db.kysely, ctx.municipalityId) }));
