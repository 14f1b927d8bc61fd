import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { listActionFields } from '$lib/server/plans/action-fields.repository';

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse({ data: await listActionFields(ctx.db.kysely, ctx.municipalityId) }));
