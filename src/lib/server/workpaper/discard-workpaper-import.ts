import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { canEditPlan, ownsSomePlan } from '../plans/policies';
import { loadPlanState } from './state';
import { findImport, finishImport } from './workpaper.repository';

/** Drops a pending preview; nothing of the plan changes. */
export async function discardWorkpaperImport(opts: { ctx: CommandContext; planId: string; importId: string }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const imp = await findImport(trx, municipalityId, opts.planId, opts.importId);
		if (!imp) throw new NotFoundError('workpaper_import');
		const state = await loadPlanState(trx, municipalityId, imp.planId);
		if (!state) throw new NotFoundError('plan');
		assert(canEditPlan(ctx.principal, state.plan.districtId));
		if (!(await finishImport(trx, municipalityId, imp.id, 'discarded', nowIso()))) throw new ConflictError('workpaper.error.notPending');
		return { result: undefined, audit: { action: 'discard', entity: 'workpaper_import', entityId: imp.id, after: { planId: imp.planId } } };
	});
}
