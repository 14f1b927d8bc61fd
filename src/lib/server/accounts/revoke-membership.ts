import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { NotFoundError } from '../core/errors';
import { ADMIN, assert, hasRole } from '../core/policies';
import { parseInput } from '../core/validate';
import { assertAdminRemains, lockMemberships, membershipSnapshot } from './membership-rules';

export const revokeMembershipInput = z.object({ membershipId: z.uuid() });

/** Takes one role away from a member. The last admin of a municipality cannot lose the admin role. */
export async function revokeMembership(opts: { ctx: CommandContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(revokeMembershipInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		await lockMemberships(trx, ctx.db.dialect, municipalityId);
		const before = await membershipSnapshot(trx, municipalityId, input.membershipId);
		if (!before) throw new NotFoundError('membership');
		await trx.deleteFrom('membership_district').where('municipality_id', '=', municipalityId).where('membership_id', '=', before.id).execute();
		await trx.deleteFrom('membership').where('municipality_id', '=', municipalityId).where('id', '=', before.id).execute();
		if (before.role === 'admin') await assertAdminRemains(trx, municipalityId);
		return { result: undefined, audit: { action: 'delete', entity: 'membership', entityId: before.id, before } };
	});
}
