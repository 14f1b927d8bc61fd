import { z } from 'zod';
import type { Db } from '../db/connection';
import { recordAudit } from '../core/audit';
import { parseInput } from '../core/validate';
import { passwordResetMail } from '../mail/messages';
import { deliverLink } from '../mail/mailer';
import { log } from '../core/log';
import type { Locale } from '../../i18n';
import { findUserByEmail, normaliseEmail } from './accounts.repository';
import { userPrincipal } from './context';
import { loginLimitsFromConfig } from './login';
import { insertOneTimeToken, RESET_VALID_MS } from './one-time-tokens';
import { attemptKeys, recordAndCheck, type Limits } from './rate-limit';

export const requestPasswordResetInput = z.object({ email: z.email().max(254) });

/**
 * Starts a password reset. The answer is the same whether the account exists or not (the caller always shows
 * "if the address is registered, a mail is on its way"); requests are rate-limited per address and client.
 * The mail is sent in the background so the response time does not reveal whether a mail was sent.
 */
export async function requestPasswordReset(opts: {
	db: Db;
	input: unknown;
	clientAddress: string;
	origin: string;
	locale?: Locale;
	limits?: Limits;
	now?: Date;
	requestId?: string | null;
}): Promise<{ delivery: Promise<unknown> }> {
	const input = parseInput(requestPasswordResetInput, opts.input);
	const email = normaliseEmail(input.email);
	const db = opts.db.kysely;
	await recordAndCheck(db, [attemptKeys.resetAccount(email), attemptKeys.resetAddress(opts.clientAddress)], opts.limits ?? loginLimitsFromConfig(), opts.now);
	const user = await findUserByEmail(db, email);
	if (!user || user.disabled) return { delivery: Promise.resolve() };
	const issued = await db.transaction().execute(async (trx) => {
		// Only the newest reset link works.
		await trx.deleteFrom('one_time_token').where('purpose', '=', 'reset').where('user_id', '=', user.id).where('used_at', 'is', null).execute();
		const t = await insertOneTimeToken(trx, { purpose: 'reset', email, userId: user.id, validMs: RESET_VALID_MS, now: opts.now });
		await recordAudit(trx, userPrincipal(user.id), null, { action: 'request-password-reset', entity: 'user', entityId: user.id }, opts.requestId);
		return t;
	});
	const link = `${opts.origin.replace(/\/$/, '')}/reset-password/${issued.token}`;
	const delivery = deliverLink('password-reset', passwordResetMail({ locale: opts.locale ?? 'de', to: email, link, expiresAt: issued.expiresAt }), link).catch((e) =>
		log('error', 'password reset delivery failed', { error: String(e) })
	);
	return { delivery };
}
