import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findNeed, findNeedRow } from '$lib/server/needs/needs.repository';
import { reviewNeed } from '$lib/server/needs/review-need';

/** Accepts or rejects a need sent through the public online form; answers the need afterwards. */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		if (!(await findNeedRow(ctx.db.kysely, ctx.municipalityId, event.params.needId))) throw new NotFoundError('need');
		await reviewNeed({ ctx, needId: event.params.needId, input: await readJson(event.request) });
		return jsonResponse(await findNeed(ctx.db.kysely, ctx.municipalityId, event.params.needId));
	});
