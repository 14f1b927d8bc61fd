import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { actionPlanTextInput } from './create-action-plan';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

export const updateActionPlanInput = actionPlanTextInput;

/** Changes the plan text. The district of a plan never changes. */
export async function updateActionPlan(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(updateActionPlanInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const before = await trx
			.selectFrom('action_plan')
			.select(['title', 'introduction', 'reporting_rules', 'evaluation_rules', 'revision_rules'])
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('action_plan')
			.set({
				title: input.title,
				introduction: input.introduction,
				reporting_rules: input.reportingRules,
				evaluation_rules: input.evaluationRules,
				revision_rules: input.revisionRules,
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.execute();
		return { result: undefined, audit: { action: 'update', entity: 'action_plan', entityId: plan.id, before, after: input } };
	});
}
