import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { isForeignKeyViolation } from '../districts/db-errors';
import { actorUsage, findActor } from './actors.repository';
import { canDeleteActor } from './policies';

/**
 * Deletes an actor nothing refers to. Refused (error.inUse) while it leads or partners in a measure (partner
 * links would otherwise vanish by cascade), while users act for it, or an open invitation names it.
 */
export async function deleteActor(opts: { ctx: CommandContext; actorId: string }): Promise<void> {
	const { ctx, actorId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canDeleteActor(ctx.principal));
	try {
		await inTransaction(ctx, async (trx) => {
			const before = await findActor(trx, municipalityId, actorId);
			if (!before) throw new NotFoundError('actor');
			const u = await actorUsage(trx, municipalityId, actorId);
			if (u.leads || u.partners || u.memberships || u.invitations) throw new ConflictError('error.inUse');
			await trx.deleteFrom('actor').where('municipality_id', '=', municipalityId).where('id', '=', actorId).execute();
			return { result: undefined, audit: { action: 'delete', entity: 'actor', entityId: actorId, before } };
		});
	} catch (e) {
		// Tables of other areas (activities, cooperations, fund applications…) refer to actors by foreign key.
		if (isForeignKeyViolation(e)) throw new ConflictError('error.inUse');
		throw e;
	}
}
