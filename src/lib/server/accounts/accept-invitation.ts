import { z } from 'zod';
import type { Db } from '../db/connection';
import { recordAudit } from '../core/audit';
import { config } from '../core/config';
import type { Role } from '../core/roles';
import { parseInput, requiredText } from '../core/validate';
import { existingActorIds } from '../actors/actors.repository';
import { findMunicipalityById } from '../municipalities/municipalities.repository';
import { existingDistrictIds, findUserByEmail } from './accounts.repository';
import { userPrincipal } from './context';
import { insertUser, passwordSchema } from './create-user';
import { insertMembership } from './grant-role';
import { consumeToken, findUsableToken, TokenError } from './one-time-tokens';
import { createSession } from './sessions';

export const newPasswordInput = z
	.object({ password: passwordSchema, passwordRepeat: z.string().max(200) })
	.refine((v) => v.password === v.passwordRepeat, { message: 'error.passwordMismatch', path: ['passwordRepeat'] });

export const acceptInvitationInput = z
	.object({ name: requiredText(200), password: passwordSchema, passwordRepeat: z.string().max(200) })
	.refine((v) => v.password === v.passwordRepeat, { message: 'error.passwordMismatch', path: ['passwordRepeat'] });

export interface InvitationInfo {
	email: string;
	role: Role;
	municipality: { id: string; name: string; slug: string };
	existingAccount: boolean;
	existingUserId: string | null;
	expiresAt: string;
}

/** What the invitation page shows; TokenError (404/410) for unknown, used or expired links. */
export async function describeInvitation(db: Db, token: string, now = new Date()): Promise<InvitationInfo> {
	const row = await findUsableToken(db.kysely, token, 'invite', now);
	const municipality = row.municipality_id ? await findMunicipalityById(db.kysely, row.municipality_id) : undefined;
	if (!municipality || !row.role) throw new TokenError('unknown');
	const user = await findUserByEmail(db.kysely, row.email);
	return {
		email: row.email,
		role: row.role as Role,
		municipality: { id: municipality.id, name: municipality.name, slug: municipality.slug },
		existingAccount: Boolean(user),
		existingUserId: user?.id ?? null,
		expiresAt: row.expires_at
	};
}

export type AcceptResult =
	| { kind: 'created'; userId: string; municipalitySlug: string; session: { token: string; expiresAt: Date } }
	| { kind: 'added'; userId: string; municipalitySlug: string };

/**
 * Accepts an invitation. A new person sets name and password, gets an account with the invited role and is
 * logged in. Someone who already has an account (same e-mail) just gets the membership and logs in as usual.
 * The token is used up in the same transaction, so a link works exactly once.
 */
export async function acceptInvitation(opts: { db: Db; token: string; input: unknown; sessionDays?: number; now?: Date; requestId?: string | null }): Promise<AcceptResult> {
	const info = await describeInvitation(opts.db, opts.token, opts.now);
	const input = info.existingAccount ? null : parseInput(acceptInvitationInput, opts.input);
	const sessionDays = opts.sessionDays ?? config().SESSION_DAYS;
	return opts.db.kysely.transaction().execute(async (trx) => {
		const row = await findUsableToken(trx, opts.token, 'invite', opts.now);
		await consumeToken(trx, row.id);
		const municipalityId = info.municipality.id;
		const existing = await trx.selectFrom('app_user').select('id').where('email', '=', row.email).executeTakeFirst();
		if (!existing && !input) throw new TokenError('unknown'); // the account vanished since the page was shown
		const userId = existing ? existing.id : (await insertUser(trx, { email: row.email, name: input!.name, password: input!.password })).id;
		// The actor or a district may have been deleted since the invitation was sent: keep what still exists.
		const actorId = row.actor_id && (await existingActorIds(trx, municipalityId, [row.actor_id])).has(row.actor_id) ? row.actor_id : null;
		const districtIds = [...(await existingDistrictIds(trx, municipalityId, row.districtIds))];
		const held = await trx
			.selectFrom('membership')
			.select('id')
			.where('municipality_id', '=', municipalityId)
			.where('user_id', '=', userId)
			.where('role', '=', row.role!)
			.executeTakeFirst();
		const membershipId = held?.id ?? (await insertMembership(trx, { municipalityId, userId, role: row.role as Role, actorId, districtIds }));
		await recordAudit(
			trx,
			userPrincipal(userId),
			municipalityId,
			{
				action: 'accept-invitation',
				entity: 'membership',
				entityId: membershipId,
				after: { userId, email: row.email, role: row.role, actorId, districtIds, newAccount: !existing }
			},
			opts.requestId
		);
		if (existing) return { kind: 'added' as const, userId, municipalitySlug: info.municipality.slug };
		const session = await createSession(trx, userId, sessionDays);
		return { kind: 'created' as const, userId, municipalitySlug: info.municipality.slug, session };
	});
}
