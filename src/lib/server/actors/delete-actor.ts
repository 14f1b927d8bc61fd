import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { isForeignKeyViolation } from '../districts/db-errors';
import { actorUsage, findActorProfile, listCooperations } from './actors.repository';
import { canDeleteActor } from './policies';

/**
 * Deletes an actor nothing refers to. Refused (error.inUse) while it leads or partners in a measure (partner
 * links would otherwise vanish by cascade), while users act for it, an open invitation names it, or it still
 * has activities or contact persons (contacts are erased one by one, with their own audit entry). Its
 * cooperation links and fields of action go with it and are kept in the audit entry.
 */
export async function deleteActor(opts: { ctx: CommandContext; actorId: string }): Promise<void> {
	const { ctx, actorId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canDeleteActor(ctx.principal));
	try {
		await inTransaction(ctx, async (trx) => {
			const before = await findActorProfile(trx, municipalityId, actorId);
			if (!before) throw new NotFoundError('actor');
			const u = await actorUsage(trx, municipalityId, actorId);
			if (u.leads || u.partners || u.memberships || u.invitations || u.activities || u.contacts) throw new ConflictError('error.inUse');
			const cooperations = await listCooperations(trx, municipalityId, actorId);
			await trx.deleteFrom('actor').where('municipality_id', '=', municipalityId).where('id', '=', actorId).execute();
			return { result: undefined, audit: { action: 'delete', entity: 'actor', entityId: actorId, before: { ...before, cooperations } } };
		});
	} catch (e) {
		// Tables of other areas (needs, fund applications…) refer to actors by foreign key.
		if (isForeignKeyViolation(e)) throw new ConflictError('error.inUse');
		throw e;
	}
}
