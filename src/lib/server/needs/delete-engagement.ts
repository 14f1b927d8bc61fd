import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findEngagement } from './engagements.repository';
import { canEditRecord, recordsSomeNeeds } from './policies';

/** Deletes an engagement record in which no need was captured (needs are never lost with their source). */
export async function deleteEngagement(opts: { ctx: CommandContext; engagementId: string }): Promise<void> {
	const { ctx, engagementId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(recordsSomeNeeds(ctx.principal));
	await inTransaction(ctx, async (trx) => {
		const before = await findEngagement(trx, municipalityId, engagementId);
		if (!before) throw new NotFoundError('engagement');
		assert(canEditRecord(ctx.principal, before));
		if (before.needCount > 0) throw new ConflictError('error.inUse');
		await trx.deleteFrom('engagement').where('municipality_id', '=', municipalityId).where('id', '=', engagementId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'engagement', entityId: engagementId, before } };
	});
}
