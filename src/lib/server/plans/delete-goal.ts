import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { canEditPlan, ownsSomePlan } from './policies';

/** Deletes a goal that no measure and no sub-goal refers to (those must be reassigned first). */
export async function deleteGoal(opts: { ctx: CommandContext; goalId: string }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const goal = await trx
			.selectFrom('goal as g')
			.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'g.action_plan_id').onRef('p.municipality_id', '=', 'g.municipality_id'))
			.select(['g.id', 'g.action_plan_id', 'p.district_id', 'g.title', 'g.action_field_id', 'g.priority', 'g.parent_goal_id'])
			.where('g.municipality_id', '=', municipalityId)
			.where('g.id', '=', opts.goalId)
			.executeTakeFirst();
		if (!goal) throw new NotFoundError('goal');
		assert(canEditPlan(ctx.principal, goal.district_id));
		const [child, measure] = await Promise.all([
			trx.selectFrom('goal').select('id').where('municipality_id', '=', municipalityId).where('parent_goal_id', '=', goal.id).limit(1).executeTakeFirst(),
			trx.selectFrom('measure_goal').select('measure_id').where('municipality_id', '=', municipalityId).where('goal_id', '=', goal.id).limit(1).executeTakeFirst()
		]);
		if (child || measure) throw new ConflictError('error.inUse');
		await trx.deleteFrom('goal').where('municipality_id', '=', municipalityId).where('id', '=', goal.id).execute();
		// its translations go with it (versions keep theirs in their snapshots)
		await trx.deleteFrom('plan_translation').where('municipality_id', '=', municipalityId).where('entity_kind', '=', 'goal').where('entity_id', '=', goal.id).execute();
		const { district_id: _d, ...before } = goal;
		return { result: undefined, audit: { action: 'delete', entity: 'goal', entityId: goal.id, before } };
	});
}
