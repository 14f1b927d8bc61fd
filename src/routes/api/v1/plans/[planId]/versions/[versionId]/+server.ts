import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlanVersion } from '$lib/server/plans/plan-versions.repository';

/** One version with its frozen snapshot. There is no PUT/PATCH/DELETE: versions never change. */
export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const version = await findPlanVersion(ctx.db.kysely, ctx.municipalityId, event.params.versionId);
		if (!version || version.planId !== event.params.planId) throw new NotFoundError('plan version');
		return jsonResponse(version);
	});
