import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { createsCycle } from '../../domain/plans';
import { goalInput, parseGoalInput } from './goal-input';
import { canEditPlan, ownsSomePlan } from './policies';
import { checkActionField, checkConceptGoals, checkGoals, ReferenceErrors, unique } from './references';

export const updateGoalInput = goalInput;

/**
 * Changes a goal; the parent must be a goal of the same plan and must not make the hierarchy circular.
 * `partial` (API PATCH): absent fields keep their stored values.
 */
export async function updateGoal(opts: { ctx: CommandContext; goalId: string; input: unknown; partial?: boolean }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	if (!opts.partial) parseGoalInput(updateGoalInput, opts.input); // invalid input fails before any lookup
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const before = await trx
			.selectFrom('goal as g')
			.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'g.action_plan_id').onRef('p.municipality_id', '=', 'g.municipality_id'))
			.select(['g.id', 'g.action_plan_id', 'p.district_id', 'g.parent_goal_id', 'g.action_field_id', 'g.title', 'g.description', 'g.priority', 'g.time_horizon', 'g.operationalisation'])
			.where('g.municipality_id', '=', municipalityId)
			.where('g.id', '=', opts.goalId)
			.executeTakeFirst();
		if (!before) throw new NotFoundError('goal');
		assert(canEditPlan(ctx.principal, before.district_id));
		const oldLinks = await trx.selectFrom('goal_concept_goal').select('concept_goal_id').where('municipality_id', '=', municipalityId).where('goal_id', '=', before.id).execute();
		let raw = opts.input;
		if (opts.partial && raw && typeof raw === 'object' && !Array.isArray(raw)) {
			const stored = {
				parentGoalId: before.parent_goal_id,
				actionFieldId: before.action_field_id,
				title: before.title,
				description: before.description,
				priority: before.priority,
				timeHorizon: before.time_horizon,
				operationalisation: before.operationalisation,
				conceptGoalIds: oldLinks.map((l) => l.concept_goal_id)
			};
			raw = { ...stored, ...(raw as Record<string, unknown>) };
		}
		const input = parseGoalInput(updateGoalInput, raw);
		const errs = new ReferenceErrors();
		await checkActionField(trx, municipalityId, input.actionFieldId, errs, before.action_field_id);
		if (input.parentGoalId === before.id) errs.add('parentGoalId', 'error.ownParent');
		else if (input.parentGoalId) {
			await checkGoals(trx, municipalityId, before.action_plan_id, [input.parentGoalId], 'parentGoalId', errs);
			if (!errs.errors.parentGoalId) {
				const parents = await trx
					.selectFrom('goal')
					.select(['id', 'parent_goal_id'])
					.where('municipality_id', '=', municipalityId)
					.where('action_plan_id', '=', before.action_plan_id)
					.execute();
				if (createsCycle(before.id, input.parentGoalId, new Map(parents.map((p) => [p.id, p.parent_goal_id])))) errs.add('parentGoalId', 'error.cycle');
			}
		}
		const conceptGoalIds = unique(input.conceptGoalIds);
		await checkConceptGoals(trx, municipalityId, conceptGoalIds, errs);
		errs.throwIfAny();
		await trx
			.updateTable('goal')
			.set({
				parent_goal_id: input.parentGoalId,
				action_field_id: input.actionFieldId,
				title: input.title,
				description: input.description,
				priority: input.priority,
				time_horizon: input.timeHorizon,
				operationalisation: input.operationalisation,
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', before.id)
			.execute();
		await trx.deleteFrom('goal_concept_goal').where('municipality_id', '=', municipalityId).where('goal_id', '=', before.id).execute();
		if (conceptGoalIds.length) {
			await trx
				.insertInto('goal_concept_goal')
				.values(conceptGoalIds.map((c) => ({ municipality_id: municipalityId, goal_id: before.id, concept_goal_id: c })))
				.execute();
		}
		const { district_id: _d, ...beforeRow } = before;
		return {
			result: undefined,
			audit: { action: 'update', entity: 'goal', entityId: before.id, before: { ...beforeRow, conceptGoalIds: oldLinks.map((l) => l.concept_goal_id) }, after: { ...input, conceptGoalIds } }
		};
	});
}
