import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, trimmed } from '../core/validate';
import { actionPlanTextInput, withLegacyIntroduction } from './create-action-plan';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

/** The rule texts are optional here: the rules have their own form (update-plan-rules), absent ones stay as they are. */
export const updateActionPlanInput = actionPlanTextInput.extend({
	reportingRules: trimmed(10_000).optional(),
	evaluationRules: trimmed(10_000).optional(),
	revisionRules: trimmed(10_000).optional()
});

/** Changes the plan text (title, the introduction's three parts, optionally the rule texts). The district of a plan never changes. */
export async function updateActionPlan(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(updateActionPlanInput, withLegacyIntroduction(opts.input));
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const before = await trx
			.selectFrom('action_plan')
			.select(['title', 'intro_origin', 'intro_function', 'intro_scope', 'reporting_rules', 'evaluation_rules', 'revision_rules'])
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('action_plan')
			.set({
				title: input.title,
				intro_origin: input.introOrigin,
				intro_function: input.introFunction,
				intro_scope: input.introScope,
				...(input.reportingRules !== undefined && { reporting_rules: input.reportingRules }),
				...(input.evaluationRules !== undefined && { evaluation_rules: input.evaluationRules }),
				...(input.revisionRules !== undefined && { revision_rules: input.revisionRules }),
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.execute();
		return { result: undefined, audit: { action: 'update', entity: 'action_plan', entityId: plan.id, before, after: input } };
	});
}
