import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findPlan } from '$lib/server/plans/plans.repository';
import { setPlanContentLanguages } from '$lib/server/plans/set-plan-content-languages';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ languages: plan.contentLanguages });
	});

/** Replaces the plan's content languages (languages of the municipality, never German); translations of a dropped language are kept. */
export const PUT: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, event.params.planId);
		if (!plan) throw new NotFoundError('action plan');
		return jsonResponse({ languages: await setPlanContentLanguages({ ctx, planId: plan.id, input: await readJson(event.request) }) });
	});
