import { z } from 'zod';
import { recordAudit } from '../core/audit';
import { ValidationError } from '../core/errors';
import { hashToken, nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import { userPrincipal, type UserContext } from './context';
import { passwordSchema } from './create-user';
import { hashPassword, verifyPassword } from './password';

export const changePasswordInput = z
	.object({ currentPassword: z.string().min(1).max(1000), password: passwordSchema, passwordRepeat: z.string().max(200) })
	.refine((v) => v.password === v.passwordRepeat, { message: 'error.passwordMismatch', path: ['passwordRepeat'] });

/**
 * Changes the logged-in user's own password (the current one is required). All other sessions of the user
 * end; the session making the change (its cookie token) stays.
 */
export async function changePassword(opts: { ctx: UserContext; input: unknown; keepSessionToken?: string | null }): Promise<void> {
	const { ctx } = opts;
	const input = parseInput(changePasswordInput, opts.input);
	const row = await ctx.db.kysely.selectFrom('app_user').select(['password_hash']).where('id', '=', ctx.userId).executeTakeFirst();
	if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
		throw new ValidationError({ currentPassword: ['error.currentPasswordWrong'] });
	}
	const passwordHash = await hashPassword(input.password);
	await ctx.db.kysely.transaction().execute(async (trx) => {
		await trx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', ctx.userId).execute();
		let q = trx.deleteFrom('session').where('user_id', '=', ctx.userId);
		if (opts.keepSessionToken) q = q.where('id', '!=', hashToken(opts.keepSessionToken));
		await q.execute();
		await recordAudit(trx, userPrincipal(ctx.userId, ctx.isSuperadmin), null, { action: 'change-password', entity: 'user', entityId: ctx.userId, after: { passwordChangedAt: nowIso() } }, ctx.requestId);
	});
}
