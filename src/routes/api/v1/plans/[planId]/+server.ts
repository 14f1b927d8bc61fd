import type { RequestHandler } from './$types';
import { api, jsonResponse } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { listGoals } from '$lib/server/plans/goals.repository';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ ...plan, goals: await listGoals(ctx.db.kysely, ctx.municipalityId, plan.id) });
	});
