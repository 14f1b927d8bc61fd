import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { confirmActivity } from '$lib/server/actors/confirm-activity';

/** Confirms today that the activity still runs as recorded. */
export const POST: RequestHandler = (event) => api(event, async (ctx) => jsonResponse(await confirmActivity({ ctx, activityId: event.params.activityId })));
