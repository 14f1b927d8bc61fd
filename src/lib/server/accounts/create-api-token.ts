import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { ValidationError } from '../core/errors';
import { hashToken, newId, newToken, nowIso } from '../core/ids';
import { ADMIN, assert, hasRole } from '../core/policies';
import { optionalId, parseInput, requiredText } from '../core/validate';

export const createApiTokenInput = z.object({
	name: requiredText(100),
	/** The member the token acts as; defaults to the admin creating it. */
	userId: optionalId
});

/** Prefix that makes Quartier tokens recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'qrt_';

/**
 * Creates an API token for a member of this municipality. The raw token is returned once and stored only as
 * its hash; requests with it act as that member with their current roles.
 */
export async function createApiToken(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string; token: string; name: string }> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(createApiTokenInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const userId = input.userId ?? ctx.principal.userId;
	return inTransaction(ctx, async (trx) => {
		const member = await trx
			.selectFrom('membership')
			.innerJoin('app_user', 'app_user.id', 'membership.user_id')
			.select('app_user.id')
			.where('membership.municipality_id', '=', municipalityId)
			.where('membership.user_id', '=', userId)
			.where('app_user.disabled', '=', 0)
			.executeTakeFirst();
		if (!member) throw new ValidationError({ userId: ['error.unknownReference'] });
		const id = newId();
		const token = API_TOKEN_PREFIX + newToken();
		await trx
			.insertInto('api_token')
			.values({ id, municipality_id: municipalityId, user_id: userId, name: input.name, token_hash: hashToken(token), created_at: nowIso(), last_used_at: null, revoked_at: null })
			.execute();
		return { result: { id, token, name: input.name }, audit: { action: 'create', entity: 'api_token', entityId: id, after: { name: input.name, userId } } };
	});
}
