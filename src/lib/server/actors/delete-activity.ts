import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findActivity } from './actors.repository';
import { canEditActor } from './policies';

/** Deletes an activity (it has ended); the audit entry keeps what it was. */
export async function deleteActivity(opts: { ctx: CommandContext; activityId: string }): Promise<void> {
	const { ctx, activityId } = opts;
	const m = ctx.principal.municipalityId;
	const current = await findActivity(ctx.db.kysely, m, activityId);
	if (!current) throw new NotFoundError('activity');
	assert(canEditActor(ctx.principal, current.actorId));
	await inTransaction(ctx, async (trx) => {
		const before = await findActivity(trx, m, activityId);
		if (!before) throw new NotFoundError('activity');
		await trx.deleteFrom('activity').where('municipality_id', '=', m).where('id', '=', activityId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'activity', entityId: activityId, before } };
	});
}
