import { z } from 'zod';
import type { UserContext } from '../accounts/context';
import { userPrincipal } from '../accounts/context';
import { normaliseEmail } from '../accounts/accounts.repository';
import { INVITE_VALID_MS, insertOneTimeToken } from '../accounts/one-time-tokens';
import { recordAudit } from '../core/audit';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { deliverLink, type LinkDelivery } from '../mail/mailer';
import { invitationMail } from '../mail/messages';
import type { Locale } from '../../i18n';
import { createMunicipalityInput, insertMunicipality } from './create-municipality';
import type { Municipality } from './municipalities.repository';

export const setupMunicipalityInput = createMunicipalityInput.extend({ adminEmail: z.email().max(254) });

/**
 * Superadmin: creates a municipality together with the invitation of its first admin, in one transaction
 * with one audit entry. The invitation link is mailed (or returned for the superadmin to pass on).
 */
export async function setupMunicipality(opts: {
	ctx: UserContext;
	input: unknown;
	origin: string;
	locale?: Locale;
}): Promise<{ municipality: Municipality; invitation: { email: string; link: string; expiresAt: string; delivery: LinkDelivery } }> {
	const { ctx } = opts;
	assert(ctx.isSuperadmin);
	const input = parseInput(setupMunicipalityInput, opts.input);
	const email = normaliseEmail(input.adminEmail);
	const { municipality, issued } = await ctx.db.kysely.transaction().execute(async (trx) => {
		const municipality = await insertMunicipality(trx, input);
		const issued = await insertOneTimeToken(trx, {
			purpose: 'invite',
			email,
			municipalityId: municipality.id,
			role: 'admin',
			createdBy: ctx.userId,
			validMs: INVITE_VALID_MS
		});
		await recordAudit(
			trx,
			userPrincipal(ctx.userId, true),
			municipality.id,
			{ action: 'create', entity: 'municipality', entityId: municipality.id, after: { ...municipality, firstAdminInvited: email } },
			ctx.requestId
		);
		return { municipality, issued };
	});
	const link = `${opts.origin.replace(/\/$/, '')}/invite/${issued.token}`;
	const delivery = await deliverLink(
		'invitation',
		invitationMail({ locale: opts.locale ?? 'de', to: email, municipality: municipality.name, role: 'admin', link, expiresAt: issued.expiresAt }),
		link
	);
	return { municipality, invitation: { email, link, expiresAt: issued.expiresAt, delivery } };
}
