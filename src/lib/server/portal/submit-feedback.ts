import type { Db } from '../db/connection';
import { recordAudit } from '../core/audit';
import { systemPrincipal } from '../core/actor';
import { newId } from '../core/ids';
import { log } from '../core/log';
import { parseInput } from '../core/validate';
import { recordAndCheck } from '../accounts/rate-limit';
import { mailConfigured, sendMail } from '../mail/mailer';
import { feedbackInput } from './portal-input';
import { getPortalSettings } from './portal.repository';

/** Per client address and per municipality, so neither one sender nor a botnet floods the inbox. */
export const FEEDBACK_LIMITS = { perAddress: { maxAttempts: 5, windowMinutes: 60 }, perMunicipality: { maxAttempts: 300, windowMinutes: 60 } };

export interface FeedbackReceipt {
	/** false when the honeypot was filled: the sender sees the same confirmation, nothing is stored. */
	stored: boolean;
	id: string | null;
}

/**
 * Stores a message from the public feedback form (no login) for the coordination's inbox: one row and one audit
 * entry without the message or any personal data, in one transaction. Spam protection: a honeypot field and a
 * rate limit per client address and per municipality (RateLimitError → 429). When SMTP is configured and the
 * municipality named a feedback address, the message is also mailed there (after the commit; a failed mail is
 * logged, the message stays in the inbox).
 */
export async function submitFeedback(opts: { db: Db; municipalityId: string; input: unknown; clientAddress: string; language: string; requestId?: string | null; now?: Date }): Promise<FeedbackReceipt> {
	const { db, municipalityId } = opts;
	const input = parseInput(feedbackInput, opts.input);
	const now = opts.now ?? new Date();
	await recordAndCheck(db.kysely, [`portal-feedback:address:${opts.clientAddress}`], FEEDBACK_LIMITS.perAddress, now);
	await recordAndCheck(db.kysely, [`portal-feedback:municipality:${municipalityId}`], FEEDBACK_LIMITS.perMunicipality, now);
	if (input.website) return { stored: false, id: null };
	const id = newId();
	await db.kysely.transaction().execute(async (trx) => {
		await trx
			.insertInto('portal_feedback')
			.values({ id, municipality_id: municipalityId, topic: input.topic, page_url: input.pageUrl, message: input.message, name: input.name, email: input.email, language: opts.language.slice(0, 20), received_at: now.toISOString(), handled_at: null })
			.execute();
		await recordAudit(trx, systemPrincipal(municipalityId), municipalityId, { action: 'create', entity: 'portal_feedback', entityId: id, after: { topic: input.topic } }, opts.requestId);
	});
	const settings = await getPortalSettings(db.kysely, municipalityId);
	if (settings.feedbackEmail && mailConfigured()) {
		try {
			await sendMail({
				to: settings.feedbackEmail,
				subject: `Rückmeldung zum Portal (${input.topic})`,
				text: [`Thema: ${input.topic}`, input.pageUrl ? `Seite: ${input.pageUrl}` : '', input.name ? `Name: ${input.name}` : '', input.email ? `E-Mail: ${input.email}` : '', '', input.message].filter((l, i) => l !== '' || i === 4).join('\n')
			});
		} catch (e) {
			log('warn', 'feedback mail failed', { requestId: opts.requestId, error: (e as Error).message });
		}
	}
	return { stored: true, id };
}
