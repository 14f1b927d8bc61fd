import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { RateLimitError } from '../core/errors';
import { normaliseEmail } from './accounts.repository';

/** Keys in login_attempt: failed logins and password-reset requests, per account and per client address. */
export const attemptKeys = {
	loginAccount: (email: string) => `login:account:${normaliseEmail(email)}`,
	loginAddress: (address: string) => `login:address:${address}`,
	resetAccount: (email: string) => `reset:account:${normaliseEmail(email)}`,
	resetAddress: (address: string) => `reset:address:${address}`
};

export interface Limits {
	maxAttempts: number;
	windowMinutes: number;
}

/**
 * Records one attempt under each key, then counts the attempts within the window. Recording before
 * checking counts concurrent requests too, so a burst cannot slip past the limit. Throws RateLimitError
 * when any key is over the limit. Returns the ids of the rows just written.
 */
export async function recordAndCheck(db: Kysely<Database>, keys: string[], limits: Limits, now = new Date()): Promise<number[]> {
	const created = now.toISOString();
	const since = new Date(now.getTime() - limits.windowMinutes * 60_000).toISOString();
	const ids: number[] = [];
	for (const key of keys) {
		const r = await db.insertInto('login_attempt').values({ key, created_at: created }).returning('id').executeTakeFirstOrThrow();
		ids.push(Number(r.id));
	}
	// Old rows are of no use any more; dropping them here keeps the table small without a job.
	await db.deleteFrom('login_attempt').where('created_at', '<', since).execute();
	for (const key of keys) {
		const rows = await db
			.selectFrom('login_attempt')
			.select('created_at')
			.where('key', '=', key)
			.where('created_at', '>=', since)
			.orderBy('created_at')
			.execute();
		if (rows.length > limits.maxAttempts) {
			// Free again when enough of the counted attempts have left the window.
			const freeing = rows[rows.length - limits.maxAttempts - 1].created_at;
			const retryMs = new Date(freeing).getTime() + limits.windowMinutes * 60_000 - now.getTime();
			throw new RateLimitError(Math.max(1, Math.ceil(retryMs / 1000)));
		}
	}
	return ids;
}

export async function clearAttempts(db: Kysely<Database>, opts: { keys?: string[]; ids?: number[] }): Promise<void> {
	if (opts.keys?.length) await db.deleteFrom('login_attempt').where('key', 'in', opts.keys).execute();
	if (opts.ids?.length) await db.deleteFrom('login_attempt').where('id', 'in', opts.ids).execute();
}
