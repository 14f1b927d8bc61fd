import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { findPlanVersion, listPlanVersions } from '$lib/server/plans/plan-versions.repository';
import { submitPlanVersion } from '$lib/server/plans/submit-plan-version';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ data: await listPlanVersions(ctx.db.kysely, ctx.municipalityId, plan.id) });
	});

/** Submitting = freezing the working draft as the next version. */
export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		const body = event.request.headers.get('content-length') === '0' ? {} : await readJson(event.request);
		const { id } = await submitPlanVersion({ ctx, planId: plan.id, input: body });
		const version = await findPlanVersion(ctx.db.kysely, ctx.municipalityId, id);
		return jsonResponse(version, 201, { location: `/api/v1/plans/${plan.id}/versions/${id}` });
	});
