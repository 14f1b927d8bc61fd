import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { ADMIN, assert, hasRole } from '../core/policies';
import { parseInput } from '../core/validate';
import { assertAdminRemains, lockMemberships, membershipSnapshot } from './membership-rules';

export const removeMemberInput = z.object({ userId: z.uuid() });

/**
 * Ends a person's membership in this municipality: all their roles go and their API tokens here are revoked.
 * The account itself stays (it may belong to other municipalities). Never removes the last admin.
 */
export async function removeMember(opts: { ctx: CommandContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(removeMemberInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		await lockMemberships(trx, ctx.db.dialect, municipalityId);
		const ids = await trx.selectFrom('membership').select('id').where('municipality_id', '=', municipalityId).where('user_id', '=', input.userId).execute();
		if (ids.length === 0) throw new NotFoundError('member');
		const before = [];
		for (const { id } of ids) before.push(await membershipSnapshot(trx, municipalityId, id));
		await trx.deleteFrom('membership_district').where('municipality_id', '=', municipalityId).where('membership_id', 'in', ids.map((r) => r.id)).execute();
		await trx.deleteFrom('membership').where('municipality_id', '=', municipalityId).where('user_id', '=', input.userId).execute();
		const revoked = await trx
			.updateTable('api_token')
			.set({ revoked_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('user_id', '=', input.userId)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		await assertAdminRemains(trx, municipalityId);
		return {
			result: undefined,
			audit: { action: 'remove', entity: 'member', entityId: input.userId, before: { roles: before }, after: { roles: [], apiTokensRevoked: Number(revoked.numUpdatedRows) } }
		};
	});
}
