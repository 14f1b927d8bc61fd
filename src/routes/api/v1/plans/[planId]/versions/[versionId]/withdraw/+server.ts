import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlanVersion } from '$lib/server/plans/plan-versions.repository';
import { withdrawPlanVersion } from '$lib/server/plans/withdraw-plan-version';

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { planId, versionId } = event.params;
		const existing = await findPlanVersion(ctx.db.kysely, ctx.municipalityId, versionId);
		if (!existing || existing.planId !== planId) throw new NotFoundError('plan version');
		const body = event.request.headers.get('content-length') === '0' ? {} : await readJson(event.request);
		await withdrawPlanVersion({ ctx, planId, versionId, input: body });
		const { snapshot: _s, ...version } = (await findPlanVersion(ctx.db.kysely, ctx.municipalityId, versionId))!;
		return jsonResponse(version);
	});
