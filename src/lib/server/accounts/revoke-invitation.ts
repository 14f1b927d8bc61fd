import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { NotFoundError } from '../core/errors';
import { ADMIN, assert, hasRole } from '../core/policies';
import { parseInput } from '../core/validate';

export const revokeInvitationInput = z.object({ invitationId: z.string().regex(/^[0-9a-f]{64}$/) });

/** Withdraws an open invitation of this municipality; its link stops working. */
export async function revokeInvitation(opts: { ctx: CommandContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(revokeInvitationInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const row = await trx
			.selectFrom('one_time_token')
			.select(['id', 'email', 'role'])
			.where('purpose', '=', 'invite')
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', input.invitationId)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (!row) throw new NotFoundError('invitation');
		await trx.deleteFrom('one_time_token').where('id', '=', row.id).execute();
		return { result: undefined, audit: { action: 'revoke', entity: 'invitation', entityId: row.id, before: { email: row.email, role: row.role } } };
	});
}
