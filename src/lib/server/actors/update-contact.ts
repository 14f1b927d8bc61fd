import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { contactAuditView, parseContactInput } from './contact-input';
import { findContact, type Contact } from './actors.repository';
import { canSeeContacts } from './policies';

/**
 * Replaces a contact person's data (the whole record is sent, as the form does). The audit entry names the
 * changed fields, never their values.
 */
export async function updateContact(opts: { ctx: CommandContext; actorId: string; contactId: string; input: unknown }): Promise<Contact> {
	const { ctx, actorId, contactId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canSeeContacts(ctx.principal, actorId));
	const c = parseContactInput(opts.input);
	return inTransaction(ctx, async (trx) => {
		const before = await findContact(trx, m, contactId);
		if (!before || before.actorId !== actorId) throw new NotFoundError('contact');
		const after: Contact = { id: contactId, actorId, ...c };
		const changed = (Object.keys(c) as (keyof typeof c)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
		await trx
			.updateTable('actor_contact')
			.set({
				name: c.name,
				role_title: c.roleTitle,
				email: c.email,
				phone: c.phone,
				languages: JSON.stringify(c.languages),
				purpose: c.purpose,
				legal_basis: c.legalBasis,
				consent_date: c.consentDate,
				consent_method: c.consentMethod,
				retention_until: c.retentionUntil,
				updated_at: nowIso()
			})
			.where('municipality_id', '=', m)
			.where('id', '=', contactId)
			.execute();
		return {
			result: after,
			audit: { action: 'update', entity: 'actor_contact', entityId: contactId, before: contactAuditView(actorId, before), after: contactAuditView(actorId, c, changed) }
		};
	});
}
