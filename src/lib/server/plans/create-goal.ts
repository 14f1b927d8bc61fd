import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { createGoalInput, parseGoalInput } from './goal-input';
import { canEditPlan, ownsSomePlan } from './policies';
import { checkActionField, checkConceptGoals, checkGoals, ReferenceErrors, requirePlan, unique } from './references';

export { createGoalInput };

/** Adds a goal to a plan, optionally below a parent goal of the same plan, linked to city-wide concept goals. */
export async function createGoal(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseGoalInput(createGoalInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, input.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const errs = new ReferenceErrors();
		await checkActionField(trx, municipalityId, input.actionFieldId, errs);
		if (input.parentGoalId) await checkGoals(trx, municipalityId, plan.id, [input.parentGoalId], 'parentGoalId', errs);
		const conceptGoalIds = unique(input.conceptGoalIds);
		await checkConceptGoals(trx, municipalityId, conceptGoalIds, errs);
		errs.throwIfAny();
		const id = newId();
		const now = nowIso();
		await trx
			.insertInto('goal')
			.values({
				id,
				municipality_id: municipalityId,
				action_plan_id: plan.id,
				parent_goal_id: input.parentGoalId,
				action_field_id: input.actionFieldId,
				title: input.title,
				description: input.description,
				priority: input.priority,
				time_horizon: input.timeHorizon,
				operationalisation: input.operationalisation,
				created_at: now,
				updated_at: now
			})
			.execute();
		if (conceptGoalIds.length) {
			await trx
				.insertInto('goal_concept_goal')
				.values(conceptGoalIds.map((c) => ({ municipality_id: municipalityId, goal_id: id, concept_goal_id: c })))
				.execute();
		}
		return { result: { id }, audit: { action: 'create', entity: 'goal', entityId: id, after: { ...input, conceptGoalIds } } };
	});
}
