import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { countObservationsOfIndicator, findIndicator } from './indicators.repository';
import { canManageIndicators } from './policies';

/**
 * Removes an indicator from the catalogue. With observations it is refused unless `withObservations` is set
 * (deleting statistics must be a deliberate act); the audit entry records how many went with it.
 */
export async function deleteIndicator(opts: { ctx: CommandContext; id: string; withObservations?: boolean }): Promise<void> {
	const { ctx } = opts;
	assert(canManageIndicators(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const before = await findIndicator(trx, municipalityId, opts.id);
		if (!before) throw new NotFoundError('indicator');
		const observations = await countObservationsOfIndicator(trx, municipalityId, before.id);
		if (observations > 0 && !opts.withObservations) throw new ConflictError('error.inUse');
		await trx.deleteFrom('observation').where('municipality_id', '=', municipalityId).where('indicator_id', '=', before.id).execute();
		await trx.deleteFrom('indicator').where('municipality_id', '=', municipalityId).where('id', '=', before.id).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'indicator', entityId: before.id, before: { ...before, observations } } };
	});
}
