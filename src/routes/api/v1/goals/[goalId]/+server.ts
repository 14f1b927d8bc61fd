import type { RequestHandler } from './$types';
import { api, jsonResponse, readJson } from '$lib/server/api/handler';
import { NotFoundError } from '$lib/server/core/errors';
import { findGoal } from '$lib/server/plans/goals.repository';
import { updateGoal } from '$lib/server/plans/update-goal';
import { deleteGoal } from '$lib/server/plans/delete-goal';

export const GET: RequestHandler = (event) =>
	api(event, async (ctx) => {
		const goal = await findGoal(ctx.db.kysely, ctx.municipalityId, event.params.goalId);
		if (!goal) throw new NotFoundError('goal');
		return jsonResponse(goal);
	});

export const PATCH: RequestHandler = (event) =>
	api(event, async (ctx) => {
		// Existence first: another municipality's id is 404 whatever the body says.
		if (!(await findGoal(ctx.db.kysely, ctx.municipalityId, event.params.goalId))) throw new NotFoundError('goal');
		await updateGoal({ ctx, goalId: event.params.goalId, input: await readJson(event.request), partial: true });
		return jsonResponse(await findGoal(ctx.db.kysely, ctx.municipalityId, event.params.goalId));
	});

export const DELETE: RequestHandler = (event) =>
	api(event, async (ctx) => {
		await deleteGoal({ ctx, goalId: event.params.goalId });
		return new Response(null, { status: 204 });
	});
