import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { nowIso } from '../core/ids';
import { checkFillTime, honeypotFilled, HONEYPOT, startToken, STARTED } from '../surveys/public-guard';

/**
 * Spam protection of the public need form, the same as the public survey's (surveys/public-guard.ts): an
 * invisible honeypot field, a signed fill-time token (the moment the form was served, HMAC-signed with a secret
 * of the municipality) and a rate limit per client address and per municipality (accounts/rate-limit.ts, like
 * the portal's feedback form). A one-time form key makes a double submission store the need once.
 */
export { HONEYPOT, STARTED, honeypotFilled };
export const FORM_KEY = 'formKey';

/** A person needs a few seconds to read the form and write a sentence; a bot posts at once. */
export const MIN_FILL_SECONDS = 3;

/** Largest accepted request body of the form: the text (2,000 characters, up to 4 bytes each) and a few short fields. */
export const MAX_FORM_BYTES = 16 * 1024;

/** Per client address and per municipality, so neither one sender nor a botnet floods the review queue. */
export const PUBLIC_NEED_LIMITS = { perAddress: { maxAttempts: 10, windowMinutes: 60 }, perMunicipality: { maxAttempts: 300, windowMinutes: 60 } };

/** The municipality's secret for signing the fill-time token; created on first use (a race keeps the first). */
export async function needFormSecret(db: Kysely<Database>, municipalityId: string): Promise<string> {
	const found = await db.selectFrom('need_form_secret').select('secret').where('municipality_id', '=', municipalityId).executeTakeFirst();
	if (found) return found.secret;
	await db
		.insertInto('need_form_secret')
		.values({ municipality_id: municipalityId, secret: randomBytes(32).toString('base64url'), created_at: nowIso() })
		.onConflict((oc) => oc.column('municipality_id').doNothing())
		.execute();
	const row = await db.selectFrom('need_form_secret').select('secret').where('municipality_id', '=', municipalityId).executeTakeFirstOrThrow();
	return row.secret;
}

/** The hidden start value of a freshly served form. */
export async function needFormStart(db: Kysely<Database>, municipalityId: string, now = Date.now()): Promise<string> {
	return startToken(await needFormSecret(db, municipalityId), now);
}

/** 'ok', 'too-fast' or 'invalid' (missing, forged or older than a day). */
export async function checkNeedFormTime(db: Kysely<Database>, municipalityId: string, token: unknown, now = Date.now()): Promise<'ok' | 'too-fast' | 'invalid'> {
	return checkFillTime(await needFormSecret(db, municipalityId), token, MIN_FILL_SECONDS, now);
}
