import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findCooperation } from './actors.repository';
import { canEditActor } from './policies';

/** Removes a cooperation link of `actorId` (the link must involve that actor). */
export async function removeCooperation(opts: { ctx: CommandContext; actorId: string; cooperationId: string }): Promise<void> {
	const { ctx, actorId, cooperationId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canEditActor(ctx.principal, actorId));
	await inTransaction(ctx, async (trx) => {
		const before = await findCooperation(trx, m, cooperationId);
		if (!before || (before.actorAId !== actorId && before.actorBId !== actorId)) throw new NotFoundError('cooperation');
		await trx.deleteFrom('actor_cooperation').where('municipality_id', '=', m).where('id', '=', cooperationId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'actor_cooperation', entityId: cooperationId, before } };
	});
}
