import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { withdrawPlanVersionInput } from './plan-version-input';
import { lockPlan, notSubmittedKey, requireVersion } from './plan-version-writes';
import { canEditPlan, ownsSomePlan } from './policies';

/** Withdraws a submitted version (e.g. the council paper was taken off the agenda); its number is not reused. */
export async function withdrawPlanVersion(opts: { ctx: CommandContext; planId: string; versionId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(withdrawPlanVersionInput, opts.input ?? {});
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const plan = await lockPlan(trx, ctx.db.dialect, municipalityId, opts.planId);
		const version = await requireVersion(trx, municipalityId, plan.id, opts.versionId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		if (version.state !== 'submitted') throw new ConflictError(notSubmittedKey(version.state));
		await trx
			.updateTable('plan_version')
			.set({ state: 'withdrawn', withdrawn_at: nowIso(), withdrawn_by: ctx.principal.via === 'system' ? null : ctx.principal.userId, withdrawal_reason: input.reason })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', version.id)
			.execute();
		return {
			result: undefined,
			audit: { action: 'withdraw', entity: 'plan_version', entityId: version.id, before: { state: 'submitted' }, after: { planId: plan.id, number: version.number, reason: input.reason } }
		};
	});
}
