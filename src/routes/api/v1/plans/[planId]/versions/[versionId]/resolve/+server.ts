import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlanVersion } from '$lib/server/plans/plan-versions.repository';
import { resolvePlanVersion } from '$lib/server/plans/resolve-plan-version';

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { planId, versionId } = event.params;
		const existing = await findPlanVersion(ctx.db.kysely, ctx.municipalityId, versionId);
		if (!existing || existing.planId !== planId) throw new NotFoundError('plan version');
		await resolvePlanVersion({ ctx, planId, versionId, input: await readJson(event.request) });
		const { snapshot: _s, ...version } = (await findPlanVersion(ctx.db.kysely, ctx.municipalityId, versionId))!;
		return jsonResponse(version);
	});
