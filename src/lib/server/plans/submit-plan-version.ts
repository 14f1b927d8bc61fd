import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { snapshotTotals } from '../../domain/plans/snapshot';
import { submitPlanVersionInput } from './plan-version-input';
import { buildPlanSnapshot } from './plan-versions.repository';
import { lockPlan } from './plan-version-writes';
import { canEditPlan, ownsSomePlan } from './policies';

/**
 * Submits the working draft for resolution: freezes the living plan into the next numbered version (state
 * submitted). Only one version of a plan can wait for a decision at a time; a plan without goals is not submitted.
 * The draft stays editable (see docs/plan-versions.md).
 */
export async function submitPlanVersion(opts: { ctx: CommandContext; planId: string; input: unknown }): Promise<{ id: string; number: number }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(submitPlanVersionInput, opts.input ?? {});
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const plan = await lockPlan(trx, ctx.db.dialect, municipalityId, opts.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		const pending = await trx
			.selectFrom('plan_version')
			.select('number')
			.where('municipality_id', '=', municipalityId)
			.where('action_plan_id', '=', plan.id)
			.where('state', '=', 'submitted')
			.executeTakeFirst();
		if (pending) throw new ConflictError('error.versionAlreadySubmitted');
		const snapshot = (await buildPlanSnapshot(trx, municipalityId, plan.id))!;
		if (snapshot.goals.length === 0) throw new ValidationError({ _form: ['error.versionWithoutGoals'] });
		const last = await trx
			.selectFrom('plan_version')
			.select((eb) => eb.fn.max('number').as('n'))
			.where('municipality_id', '=', municipalityId)
			.where('action_plan_id', '=', plan.id)
			.executeTakeFirst();
		const number = Number(last?.n ?? 0) + 1;
		const id = newId();
		const totals = snapshotTotals(snapshot);
		await trx
			.insertInto('plan_version')
			.values({
				id,
				municipality_id: municipalityId,
				action_plan_id: plan.id,
				number,
				state: 'submitted',
				snapshot: JSON.stringify(snapshot),
				goal_count: totals.goalCount,
				measure_count: totals.measureCount,
				total_cost_cents: totals.totalCostCents,
				note: input.note,
				submitted_at: nowIso(),
				submitted_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
				withdrawn_at: null,
				withdrawn_by: null,
				resolution_body: null,
				resolution_date: null,
				resolution_reference: null,
				resolved_at: null,
				resolved_by: null,
				superseded_at: null,
				superseded_by_id: null
			})
			.execute();
		return {
			result: { id, number },
			audit: { action: 'submit', entity: 'plan_version', entityId: id, after: { planId: plan.id, number, note: input.note, ...totals } }
		};
	});
}
