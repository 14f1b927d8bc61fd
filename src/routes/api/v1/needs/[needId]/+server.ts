import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findNeed } from '$lib/server/needs/needs.repository';
import { canSeePersonNames } from '$lib/server/needs/policies';
import { updateNeed } from '$lib/server/needs/update-need';
import type { ApiContext } from '$lib/server/api/handler';

async function load(ctx: ApiContext, id: string) {
	const need = await findNeed(ctx.db.kysely, ctx.municipalityId, id);
	if (!need) throw new NotFoundError('need');
	return need.raisedBy === 'person' && !canSeePersonNames(ctx.principal, need.districtId) ? { ...need, raisedByText: '' } : need;
}

export const GET: RequestHandler = (event) => api(event, async (ctx) => jsonResponse(await load(ctx, event.params.needId)));

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await load(ctx, event.params.needId);
		await updateNeed({ ctx, needId: event.params.needId, input: await readJson(event.request) });
		return jsonResponse(await load(ctx, event.params.needId));
	});
