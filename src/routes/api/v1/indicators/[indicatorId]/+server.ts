import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findIndicator } from '$lib/server/indicators/indicators.repository';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const indicator = await findIndicator(ctx.db.kysely, ctx.municipalityId, event.params.indicatorId);
		if (!indicator) throw new NotFoundError('indicator');
		return jsonResponse(indicator);
	});
