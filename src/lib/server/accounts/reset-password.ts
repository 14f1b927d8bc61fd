import type { Db } from '../db/connection';
import { recordAudit } from '../core/audit';
import { nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import { newPasswordInput } from './accept-invitation';
import { userPrincipal } from './context';
import { consumeToken, findUsableToken, TokenError } from './one-time-tokens';
import { hashPassword } from './password';
import { attemptKeys } from './rate-limit';

/** Whether a reset link can still be used (for the page); TokenError otherwise. */
export async function checkResetToken(db: Db, token: string, now?: Date): Promise<{ email: string }> {
	const row = await findUsableToken(db.kysely, token, 'reset', now);
	return { email: row.email };
}

/**
 * Sets a new password from a reset link: the link is used up, every session of the user ends (whoever had
 * the old password is logged out) and the account's failed-login counter is cleared.
 */
export async function resetPassword(opts: { db: Db; token: string; input: unknown; now?: Date; requestId?: string | null }): Promise<{ userId: string }> {
	await findUsableToken(opts.db.kysely, opts.token, 'reset', opts.now);
	const input = parseInput(newPasswordInput, opts.input);
	const passwordHash = await hashPassword(input.password);
	return opts.db.kysely.transaction().execute(async (trx) => {
		const row = await findUsableToken(trx, opts.token, 'reset', opts.now);
		if (!row.user_id) throw new TokenError('unknown');
		await consumeToken(trx, row.id);
		const user = await trx.selectFrom('app_user').select(['id', 'email']).where('id', '=', row.user_id).executeTakeFirst();
		if (!user) throw new TokenError('unknown');
		await trx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
		await trx.deleteFrom('session').where('user_id', '=', user.id).execute();
		await trx.deleteFrom('login_attempt').where('key', '=', attemptKeys.loginAccount(user.email)).execute();
		await recordAudit(trx, userPrincipal(user.id), null, { action: 'reset-password', entity: 'user', entityId: user.id, after: { passwordChangedAt: nowIso() } }, opts.requestId);
		return { userId: user.id };
	});
}
