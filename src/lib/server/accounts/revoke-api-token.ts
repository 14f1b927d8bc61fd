import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { ADMIN, assert, hasRole } from '../core/policies';
import { parseInput } from '../core/validate';

export const revokeApiTokenInput = z.object({ tokenId: z.uuid() });

/** Revokes an API token of this municipality; it stops working immediately. */
export async function revokeApiToken(opts: { ctx: CommandContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(revokeApiTokenInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const row = await trx
			.selectFrom('api_token')
			.select(['id', 'name', 'user_id', 'revoked_at'])
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', input.tokenId)
			.executeTakeFirst();
		if (!row) throw new NotFoundError('api_token');
		if (row.revoked_at) throw new ConflictError('error.alreadyRevoked');
		const revokedAt = nowIso();
		await trx.updateTable('api_token').set({ revoked_at: revokedAt }).where('municipality_id', '=', municipalityId).where('id', '=', row.id).execute();
		return { result: undefined, audit: { action: 'revoke', entity: 'api_token', entityId: row.id, before: { name: row.name, userId: row.user_id }, after: { revokedAt } } };
	});
}
