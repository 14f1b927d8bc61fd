import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { RateLimitError } from '../core/errors';

/**
 * Spam protection without third-party captchas:
 * - a honeypot field (HONEYPOT) that people never see or reach; bots that fill every input give themselves away;
 * - a minimum fill time: the form carries the moment it was served, signed with the survey's secret, and a
 *   response sent sooner than `min_fill_seconds` after it is refused with a friendly message (values kept);
 * - a rate limit per client address and survey, counted in the login_attempt table like accounts/rate-limit.ts
 *   (its recordAndCheck is not reused: it prunes every key by its own window, which would cut the login window).
 * Event tablets in kiosk mode carry the survey's kiosk key instead: many people answer on one device and
 * one address, and queued answers arrive in a burst.
 */
export const HONEYPOT = 'website';
export const STARTED = '_started';

const limits = z
	.object({
		SURVEY_SUBMIT_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
		SURVEY_SUBMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10)
	})
	.parse({ SURVEY_SUBMIT_MAX_PER_ADDRESS: process.env.SURVEY_SUBMIT_MAX_PER_ADDRESS || undefined, SURVEY_SUBMIT_WINDOW_MINUTES: process.env.SURVEY_SUBMIT_WINDOW_MINUTES || undefined });

const sign = (secret: string, ms: number) => createHmac('sha256', secret).update(`started:${ms}`).digest('base64url').slice(0, 32);

/** The value of the hidden start field: "<ms>.<signature>". */
export function startToken(secret: string, now = Date.now()): string {
	return `${now}.${sign(secret, now)}`;
}

/** 'ok', 'too-fast' (sent sooner than the minimum), or 'invalid' (missing, forged, or older than a day). */
export function checkFillTime(secret: string, token: unknown, minSeconds: number, now = Date.now()): 'ok' | 'too-fast' | 'invalid' {
	if (typeof token !== 'string' || !/^\d{10,16}\.[A-Za-z0-9_-]{32}$/.test(token)) return 'invalid';
	const [msText, sig] = token.split('.');
	const ms = Number(msText);
	const expected = sign(secret, ms);
	if (!timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return 'invalid';
	if (now - ms > 24 * 3600_000 || ms - now > 60_000) return 'invalid';
	return now - ms < minSeconds * 1000 ? 'too-fast' : 'ok';
}

export function honeypotFilled(fields: Record<string, unknown>): boolean {
	const v = fields[HONEYPOT];
	return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null && v !== '';
}

/** Records the attempt, then throws RateLimitError when this address sent too many responses to this survey within the window. */
export async function checkSubmitRate(db: Kysely<Database>, surveyId: string, address: string, now = new Date()): Promise<void> {
	const key = `survey:${surveyId}:${address.slice(0, 100)}`;
	const windowMs = limits.SURVEY_SUBMIT_WINDOW_MINUTES * 60_000;
	const since = new Date(now.getTime() - windowMs).toISOString();
	await db.insertInto('login_attempt').values({ key, created_at: now.toISOString() }).execute();
	// Only survey keys are pruned, and only by the survey window.
	await db.deleteFrom('login_attempt').where('key', 'like', 'survey:%').where('created_at', '<', since).execute();
	const rows = await db.selectFrom('login_attempt').select('created_at').where('key', '=', key).where('created_at', '>=', since).orderBy('created_at').execute();
	if (rows.length > limits.SURVEY_SUBMIT_MAX_PER_ADDRESS) {
		const freeing = rows[rows.length - limits.SURVEY_SUBMIT_MAX_PER_ADDRESS - 1].created_at;
		throw new RateLimitError(Math.max(1, Math.ceil((new Date(freeing).getTime() + windowMs - now.getTime()) / 1000)));
	}
}

export function kioskKeyMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string' || given.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Largest accepted body of one response (form or JSON): 20 questions of long text fit easily. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Form fields that are not answers (response id, language, start time, honeypot, kiosk key). */
const META = new Set(['_response', '_lang', STARTED, HONEYPOT, '_kiosk']);
export const answerFields = (values: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(values).filter(([k]) => !META.has(k)));
