import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findMeasure } from './measures.repository';
import { measureToInput } from './measure-input';
import { canEditPlan, ownsSomePlan } from './policies';

/** Deletes a measure with its goal links, partners and milestones (the audit entry keeps the last state). */
export async function deleteMeasure(opts: { ctx: CommandContext; measureId: string }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const current = await findMeasure(trx, municipalityId, opts.measureId);
		if (!current) throw new NotFoundError('measure');
		assert(canEditPlan(ctx.principal, current.districtId));
		await trx.deleteFrom('measure').where('municipality_id', '=', municipalityId).where('id', '=', current.id).execute();
		// its translations go with it (versions keep theirs in their snapshots)
		await trx.deleteFrom('plan_translation').where('municipality_id', '=', municipalityId).where('entity_kind', '=', 'measure').where('entity_id', '=', current.id).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'measure', entityId: current.id, before: { planId: current.planId, ...measureToInput(current) } } };
	});
}
