import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { updatePlanRules } from '$lib/server/plans/update-plan-rules';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse(plan.rules);
	});

/** Replaces all rules (absent fields become empty). */
export const PUT: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		await updatePlanRules({ ctx, planId: plan.id, input: await readJson(event.request) });
		return jsonResponse((await findPlan(ctx.db.kysely, ctx.municipalityId, plan.id))!.rules);
	});
