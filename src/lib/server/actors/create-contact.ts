import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { contactAuditView, parseContactInput } from './contact-input';
import { findActor, type Contact } from './actors.repository';
import { canSeeContacts } from './policies';

/** Records a contact person of an actor. The audit entry holds no personal data. */
export async function createContact(opts: { ctx: CommandContext; actorId: string; input: unknown }): Promise<Contact> {
	const { ctx, actorId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canSeeContacts(ctx.principal, actorId));
	const c = parseContactInput(opts.input);
	return inTransaction(ctx, async (trx) => {
		if (!(await findActor(trx, m, actorId))) throw new NotFoundError('actor');
		const now = nowIso();
		const contact: Contact = { id: newId(), actorId, ...c };
		await trx
			.insertInto('actor_contact')
			.values({
				id: contact.id,
				municipality_id: m,
				actor_id: actorId,
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
				created_at: now,
				updated_at: now
			})
			.execute();
		return { result: contact, audit: { action: 'create', entity: 'actor_contact', entityId: contact.id, after: contactAuditView(actorId, c) } };
	});
}
