import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashToken, newToken, nowIso } from '../core/ids';
import { findUserById, type User } from './accounts.repository';

export const SESSION_COOKIE = 'quartier_session';

export interface SessionInfo {
	user: User;
	csrfToken: string;
	expiresAt: string;
}

/** Creates a session; only the token's hash is stored. Returns the cookie value. */
export async function createSession(db: Kysely<Database>, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
	const token = newToken();
	const expiresAt = new Date(Date.now() + days * 86_400_000);
	await db
		.insertInto('session')
		.values({
			id: hashToken(token),
			user_id: userId,
			municipality_id: null,
			csrf_token: newToken(),
			created_at: nowIso(),
			expires_at: expiresAt.toISOString()
		})
		.execute();
	return { token, expiresAt };
}

export async function resolveSession(db: Kysely<Database>, token: string): Promise<SessionInfo | null> {
	const row = await db
		.selectFrom('session')
		.select(['user_id', 'csrf_token', 'expires_at'])
		.where('id', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return null;
	if (row.expires_at <= nowIso()) {
		await db.deleteFrom('session').where('id', '=', hashToken(token)).execute();
		return null;
	}
	const user = await findUserById(db, row.user_id);
	if (!user || user.disabled) return null;
	return { user, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', hashToken(token)).execute();
}

export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
	await db.deleteFrom('session').where('user_id', '=', userId).execute();
}
