import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { ADMIN, assert, hasRole } from '../core/policies';
import { roles } from '../core/roles';
import { idList, optionalId, parseInput } from '../core/validate';
import { insertMembership } from './grant-role';
import { checkNarrowing, lockMemberships } from './membership-rules';

export const addMembershipInput = z.object({
	userId: z.uuid(),
	role: z.enum(roles),
	actorId: optionalId,
	districtIds: idList
});

/**
 * Gives an existing member of this municipality a further role. People who are not yet members are
 * invited instead (inviteUser), so an admin never reaches accounts of other municipalities.
 */
export async function addMembership(opts: { ctx: CommandContext; input: unknown }): Promise<{ membershipId: string }> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(addMembershipInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const districtIds = [...new Set(input.districtIds)].sort();
	return inTransaction(ctx, async (trx) => {
		await lockMemberships(trx, ctx.db.dialect, municipalityId);
		const held = await trx.selectFrom('membership').select('role').where('municipality_id', '=', municipalityId).where('user_id', '=', input.userId).execute();
		if (held.length === 0) throw new NotFoundError('member');
		if (held.some((h) => h.role === input.role)) throw new ConflictError('error.roleAlreadyHeld', 'role');
		await checkNarrowing(trx, municipalityId, input.role, input.actorId, districtIds);
		const membershipId = await insertMembership(trx, { municipalityId, userId: input.userId, role: input.role, actorId: input.actorId, districtIds });
		return {
			result: { membershipId },
			audit: { action: 'create', entity: 'membership', entityId: membershipId, after: { userId: input.userId, role: input.role, actorId: input.actorId, districtIds } }
		};
	});
}
