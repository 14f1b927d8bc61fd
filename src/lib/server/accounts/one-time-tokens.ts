import type { Kysely, Transaction } from 'kysely';
import type { Database, OneTimeTokenTable } from '../db/schema';
import { hashToken, newToken, nowIso } from '../core/ids';

export type TokenPurpose = OneTimeTokenTable['purpose'];

/** Invitations are valid for a week, password-reset links for an hour. */
export const INVITE_VALID_MS = 7 * 86_400_000;
export const RESET_VALID_MS = 3_600_000;

/** A one-time link that does not exist (404) or can no longer be used (410). */
export class TokenError extends Error {
	readonly status: 404 | 410;
	constructor(readonly reason: 'unknown' | 'expired' | 'used') {
		super(`one-time token ${reason}`);
		this.status = reason === 'unknown' ? 404 : 410;
	}
}

export type OneTimeToken = Omit<OneTimeTokenTable, 'district_ids'> & { districtIds: string[] };

/** Stores a new one-time token (only its SHA-256) and returns the raw token for the link. */
export async function insertOneTimeToken(
	trx: Kysely<Database> | Transaction<Database>,
	row: {
		purpose: TokenPurpose;
		email: string;
		userId?: string | null;
		municipalityId?: string | null;
		role?: string | null;
		actorId?: string | null;
		districtIds?: string[];
		createdBy?: string | null;
		validMs: number;
		now?: Date;
	}
): Promise<{ token: string; id: string; expiresAt: string }> {
	const token = newToken();
	const id = hashToken(token);
	const now = row.now ?? new Date();
	const expiresAt = new Date(now.getTime() + row.validMs).toISOString();
	await trx
		.insertInto('one_time_token')
		.values({
			id,
			purpose: row.purpose,
			user_id: row.userId ?? null,
			municipality_id: row.municipalityId ?? null,
			email: row.email,
			role: row.role ?? null,
			actor_id: row.actorId ?? null,
			district_ids: JSON.stringify(row.districtIds ?? []),
			created_by: row.createdBy ?? null,
			created_at: now.toISOString(),
			expires_at: expiresAt,
			used_at: null
		})
		.execute();
	return { token, id, expiresAt };
}

/** The token row if it exists for this purpose, is unused and unexpired; otherwise a TokenError. */
export async function findUsableToken(
	db: Kysely<Database> | Transaction<Database>,
	token: string,
	purpose: TokenPurpose,
	now = new Date()
): Promise<OneTimeToken> {
	if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new TokenError('unknown');
	const row = await db.selectFrom('one_time_token').selectAll().where('id', '=', hashToken(token)).where('purpose', '=', purpose).executeTakeFirst();
	if (!row) throw new TokenError('unknown');
	if (row.used_at !== null) throw new TokenError('used');
	if (row.expires_at <= now.toISOString()) throw new TokenError('expired');
	const { district_ids, ...rest } = row;
	return { ...rest, districtIds: JSON.parse(district_ids) as string[] };
}

/**
 * Marks a token used. The conditional update makes this safe against two concurrent uses of the same link:
 * only one transaction sees its row updated.
 */
export async function consumeToken(trx: Transaction<Database>, id: string): Promise<void> {
	const r = await trx.updateTable('one_time_token').set({ used_at: nowIso() }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) throw new TokenError('used');
}
