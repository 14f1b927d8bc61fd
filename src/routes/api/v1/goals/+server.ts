import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError, ValidationError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { findGoal, listGoals } from '$lib/server/plans/goals.repository';
import { createGoal } from '$lib/server/plans/create-goal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const planId = event.url.searchParams.get('plan') ?? '';
		if (!UUID.test(planId)) throw new ValidationError({ plan: [planId ? 'error.unknownReference' : 'error.required'] });
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ data: await listGoals(ctx.db.kysely, ctx.municipalityId, plan.id) });
	});

export const POST: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const { id } = await createGoal({ ctx, input: await readJson(event.request) });
		return jsonResponse(await findGoal(ctx.db.kysely, ctx.municipalityId, id), 201, { location: `/api/v1/goals/${id}` });
	});
