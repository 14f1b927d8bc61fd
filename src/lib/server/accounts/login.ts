import { z } from 'zod';
import type { Db } from '../db/connection';
import { config } from '../core/config';
import { recordAudit } from '../core/audit';
import { ValidationError } from '../core/errors';
import { newToken } from '../core/ids';
import { parseInput } from '../core/validate';
import { findUserByEmail, type User } from './accounts.repository';
import { userPrincipal } from './context';
import { hashPassword, verifyPassword } from './password';
import { attemptKeys, clearAttempts, recordAndCheck, type Limits } from './rate-limit';
import { createSession } from './sessions';

export const loginInput = z.object({
	email: z.string().trim().min(1).max(254),
	password: z.string().min(1).max(1000)
});

export interface LoginLimits extends Limits {
	sessionDays: number;
}

export function loginLimitsFromConfig(): LoginLimits {
	const c = config();
	return { maxAttempts: c.LOGIN_MAX_ATTEMPTS, windowMinutes: c.LOGIN_WINDOW_MINUTES, sessionDays: c.SESSION_DAYS };
}

// Unknown accounts are verified against this hash, so their answer takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(newToken()));

/**
 * Logs a user in with e-mail and password and opens a session. Failed attempts are counted per account and
 * per client address; over the limit the attempt is refused (RateLimitError) before the password is checked.
 * A success clears the account's failed attempts. Wrong e-mail and wrong password give the same answer.
 */
export async function login(opts: {
	db: Db;
	input: unknown;
	clientAddress: string;
	limits?: LoginLimits;
	now?: Date;
	requestId?: string | null;
}): Promise<{ user: User; token: string; expiresAt: Date }> {
	const input = parseInput(loginInput, opts.input);
	const limits = opts.limits ?? loginLimitsFromConfig();
	const db = opts.db.kysely;
	const accountKey = attemptKeys.loginAccount(input.email);
	const attemptIds = await recordAndCheck(db, [accountKey, attemptKeys.loginAddress(opts.clientAddress)], limits, opts.now);

	const found = await findUserByEmail(db, input.email);
	const ok = await verifyPassword(found?.passwordHash ?? (await getDummyHash()), input.password);
	if (!found || !found.passwordHash || !ok) throw new ValidationError({ _form: ['error.loginFailed'] });
	// Only someone who knows the password learns that the account is disabled.
	if (found.disabled) throw new ValidationError({ _form: ['error.accountDisabled'] });

	const { passwordHash: _omit, ...user } = found;
	return db.transaction().execute(async (trx) => {
		await clearAttempts(trx, { keys: [accountKey], ids: attemptIds });
		await trx.deleteFrom('session').where('user_id', '=', user.id).where('expires_at', '<=', new Date().toISOString()).execute();
		const session = await createSession(trx, user.id, limits.sessionDays);
		await recordAudit(trx, userPrincipal(user.id, user.isSuperadmin), null, { action: 'login', entity: 'session', entityId: user.id }, opts.requestId);
		return { user, token: session.token, expiresAt: session.expiresAt };
	});
}
