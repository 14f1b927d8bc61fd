import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parsePlanRules } from './plan-version-input';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

/** Sets the plan's rules for reporting, evaluation and revision (part of the working draft and of every version). */
export async function updatePlanRules(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parsePlanRules(opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const columns = {
		reporting_by: input.reportingBy,
		reporting_to: input.reportingTo,
		reporting_interval_months: input.reportingInterval,
		reporting_next_date: input.reportingNextDate,
		reporting_rules: input.reportingNotes,
		evaluation_by: input.evaluationBy,
		evaluation_interval_months: input.evaluationInterval,
		evaluation_next_date: input.evaluationNextDate,
		evaluation_rules: input.evaluationNotes,
		revision_by: input.revisionBy,
		revision_interval_months: input.revisionInterval,
		revision_next_date: input.revisionNextDate,
		revision_rules: input.revisionNotes
	};
	await inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const before = await trx
			.selectFrom('action_plan')
			.select(Object.keys(columns) as (keyof typeof columns)[])
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('action_plan')
			.set({ ...columns, updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', plan.id)
			.execute();
		return { result: undefined, audit: { action: 'update-rules', entity: 'action_plan', entityId: plan.id, before, after: columns } };
	});
}
