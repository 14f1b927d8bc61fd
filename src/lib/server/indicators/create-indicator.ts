import type { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { createIndicatorInput } from './indicator-input';
import { findIndicator, findIndicatorByKey, type Indicator } from './indicators.repository';
import { canManageIndicators } from './policies';

export { createIndicatorInput };

/** Adds an indicator to the municipality's catalogue. The key is unique per municipality. */
export async function createIndicator(opts: { ctx: CommandContext; input: unknown }): Promise<Indicator> {
	const { ctx } = opts;
	assert(canManageIndicators(ctx.principal));
	const input: z.output<typeof createIndicatorInput> = parseInput(createIndicatorInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	try {
		return await inTransaction(ctx, async (trx) => {
			if (await findIndicatorByKey(trx, municipalityId, input.key)) throw new ConflictError('error.duplicateCode', 'key');
			const id = newId();
			const now = nowIso();
			await trx
				.insertInto('indicator')
				.values({
					id,
					municipality_id: municipalityId,
					key: input.key,
					name: input.name,
					unit: input.unit,
					definition: input.definition,
					numerator_description: input.numeratorDescription,
					denominator_description: input.denominatorDescription,
					source: input.source,
					spatial_level: input.spatialLevel,
					direction: input.direction,
					disclosure_min: input.disclosureMin,
					is_share: input.valueKind === 'share' ? 1 : 0,
					is_count: input.valueKind === 'count' ? 1 : 0,
					scale: input.scale,
					topic: input.topic,
					sort_order: input.sortOrder,
					created_at: now,
					updated_at: now
				})
				.execute();
			const indicator = (await findIndicator(trx, municipalityId, id))!;
			return { result: indicator, audit: { action: 'create', entity: 'indicator', entityId: id, after: indicator } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateCode', 'key');
		throw e;
	}
}
