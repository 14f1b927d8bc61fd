import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findNeed, findNeedRow } from '$lib/server/needs/needs.repository';
import { changeNeedState } from '$lib/server/needs/change-need-state';

/** One state change (taken_up, merged, not_pursued, open); answers the need afterwards. */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		if (!(await findNeedRow(ctx.db.kysely, ctx.municipalityId, event.params.needId))) throw new NotFoundError('need');
		await changeNeedState({ ctx, needId: event.params.needId, input: await readJson(event.request) });
		const need = await findNeed(ctx.db.kysely, ctx.municipalityId, event.params.needId);
		return jsonResponse({ id: need!.id, state: need!.state, publicReason: need!.publicReason, mergedIntoId: need!.mergedIntoId, goals: need!.goals, measures: need!.measures });
	});
