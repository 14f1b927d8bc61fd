import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { findMeasure } from './measures.repository';
import { measureInput, measureToInput, parseMeasureInput } from './measure-input';
import { checkMeasureReferences, measureColumns, partnersOf, writeMeasureChildren } from './measure-writes';
import { canEditPlan, ownsSomePlan } from './policies';

export const updateMeasureInput = measureInput;

/**
 * Changes a measure. Forms send every field (`partial` false: a missing checkbox means "no"); the API's
 * PATCH sends only what changes (`partial` true: merged into the stored measure before validation).
 */
export async function updateMeasure(opts: { ctx: CommandContext; measureId: string; input: unknown; partial?: boolean }): Promise<void> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	if (!opts.partial) parseMeasureInput(opts.input); // invalid input fails before any lookup
	await inTransaction(ctx, async (trx) => {
		const current = await findMeasure(trx, municipalityId, opts.measureId);
		if (!current) throw new NotFoundError('measure');
		assert(canEditPlan(ctx.principal, current.districtId));
		let raw = opts.input;
		if (opts.partial && raw && typeof raw === 'object' && !Array.isArray(raw)) {
			const patch = raw as Record<string, unknown>;
			// a patch giving the cost as text ("1.234,50") replaces the stored cents
			const { costCents, ...rest } = measureToInput(current);
			const base: Record<string, unknown> = 'cost' in patch && !('costCents' in patch) ? rest : { ...rest, costCents };
			raw = { ...base, ...patch };
		}
		const input = parseMeasureInput(raw);
		await checkMeasureReferences(trx, municipalityId, current.planId, input, current.actionFieldId);
		await trx
			.updateTable('measure')
			.set({ ...measureColumns(input), updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', current.id)
			.execute();
		await writeMeasureChildren(trx, municipalityId, current.id, input, new Set(current.milestones.map((m) => m.id)));
		return {
			result: undefined,
			audit: { action: 'update', entity: 'measure', entityId: current.id, before: measureToInput(current), after: { ...input, partnerActorIds: partnersOf(input) } }
		};
	});
}
