import type { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { updateIndicatorInput } from './indicator-input';
import { findIndicator, findIndicatorByKey, type Indicator } from './indicators.repository';
import { canManageIndicators } from './policies';

export { updateIndicatorInput };

/**
 * Changes an indicator; absent fields stay. Changing the kind (count/share/other) of an indicator that has
 * observations is refused: the stored numerators/denominators would be read differently.
 */
export async function updateIndicator(opts: { ctx: CommandContext; id: string; input: unknown }): Promise<Indicator> {
	const { ctx } = opts;
	assert(canManageIndicators(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	const input: z.output<typeof updateIndicatorInput> = parseInput(updateIndicatorInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			const before = await findIndicator(trx, municipalityId, opts.id);
			if (!before) throw new NotFoundError('indicator');
			if (input.key && input.key !== before.key && (await findIndicatorByKey(trx, municipalityId, input.key))) throw new ConflictError('error.duplicateCode', 'key');
			if (input.valueKind && input.valueKind !== before.valueKind) {
				const used = await trx.selectFrom('observation').select('id').where('municipality_id', '=', municipalityId).where('indicator_id', '=', before.id).limit(1).executeTakeFirst();
				if (used) throw new ConflictError('error.inUse', 'valueKind');
			}
			const set: Record<string, unknown> = { updated_at: nowIso() };
			const columns: [keyof typeof input, string][] = [
				['key', 'key'],
				['name', 'name'],
				['unit', 'unit'],
				['definition', 'definition'],
				['numeratorDescription', 'numerator_description'],
				['denominatorDescription', 'denominator_description'],
				['source', 'source'],
				['spatialLevel', 'spatial_level'],
				['direction', 'direction'],
				['disclosureMin', 'disclosure_min'],
				['scale', 'scale'],
				['topic', 'topic'],
				['sortOrder', 'sort_order']
			];
			for (const [field, column] of columns) if (input[field] !== undefined) set[column] = input[field];
			if (input.valueKind !== undefined) {
				set.is_share = input.valueKind === 'share' ? 1 : 0;
				set.is_count = input.valueKind === 'count' ? 1 : 0;
			}
			await trx.updateTable('indicator').set(set).where('municipality_id', '=', municipalityId).where('id', '=', before.id).execute();
			const after = (await findIndicator(trx, municipalityId, before.id))!;
			return { result: after, audit: { action: 'update', entity: 'indicator', entityId: before.id, before, after } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateCode', 'key');
		throw e;
	}
}
