import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findContact } from './actors.repository';
import { canSeeContacts } from './policies';

export const contactErasureReasons = ['retention-expired', 'consent-withdrawn', 'request', 'no-longer-needed'] as const;
export const eraseContactInput = z.object({ reason: z.enum(contactErasureReasons) });

/**
 * Erases a contact person (GDPR Art. 17): the row with every personal detail is deleted, not hidden. The audit
 * entry records that a contact of this actor was erased, when, by whom and why — without the personal data.
 */
export async function eraseContact(opts: { ctx: CommandContext; actorId: string; contactId: string; input: unknown }): Promise<void> {
	const { ctx, actorId, contactId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canSeeContacts(ctx.principal, actorId));
	const { reason } = parseInput(eraseContactInput, opts.input);
	await inTransaction(ctx, async (trx) => {
		const before = await findContact(trx, m, contactId);
		if (!before || before.actorId !== actorId) throw new NotFoundError('contact');
		await trx.deleteFrom('actor_contact').where('municipality_id', '=', m).where('id', '=', contactId).execute();
		return {
			result: undefined,
			audit: { action: 'erase', entity: 'actor_contact', entityId: contactId, before: { actorId, legalBasis: before.legalBasis, retentionUntil: before.retentionUntil }, after: { reason } }
		};
	});
}
