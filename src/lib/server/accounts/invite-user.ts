import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { ADMIN, assert, hasRole } from '../core/policies';
import { narrowableRoles, roles } from '../core/roles';
import { idList, optionalId, parseInput } from '../core/validate';
import { existingActorIds } from '../actors/actors.repository';
import { findMunicipalityById } from '../municipalities/municipalities.repository';
import { invitationMail } from '../mail/messages';
import { deliverLink, type LinkDelivery } from '../mail/mailer';
import type { Locale } from '../../i18n';
import { existingDistrictIds, normaliseEmail } from './accounts.repository';
import { INVITE_VALID_MS, insertOneTimeToken } from './one-time-tokens';

export const inviteUserInput = z.object({
	email: z.email().max(254),
	role: z.enum(roles),
	actorId: optionalId,
	districtIds: idList
});

export interface Invitation {
	id: string;
	email: string;
	link: string;
	expiresAt: string;
	delivery: LinkDelivery;
}

/**
 * Invites someone by e-mail into the principal's municipality with one role, optionally acting for an actor
 * and narrowed to districts. The one-time link (valid 7 days) goes out by mail after the transaction has
 * committed; without SMTP the caller shows it to the admin.
 */
export async function inviteUser(opts: { ctx: CommandContext; input: unknown; origin: string; locale?: Locale; now?: Date }): Promise<Invitation> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(inviteUserInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const email = normaliseEmail(input.email);
	const districtIds = [...new Set(input.districtIds)];
	if (input.role === 'admin' && (districtIds.length > 0 || input.actorId)) {
		throw new ValidationError(districtIds.length ? { districtIds: ['error.notNarrowable'] } : { actorId: ['error.notNarrowable'] });
	}
	if (districtIds.length && !narrowableRoles.includes(input.role)) throw new ValidationError({ districtIds: ['error.notNarrowable'] });

	const result = await inTransaction(ctx, async (trx) => {
		if (input.actorId && !(await existingActorIds(trx, municipalityId, [input.actorId])).has(input.actorId)) {
			throw new ValidationError({ actorId: ['error.unknownReference'] });
		}
		const known = await existingDistrictIds(trx, municipalityId, districtIds);
		if (known.size !== districtIds.length) throw new ValidationError({ districtIds: ['error.unknownReference'] });
		const already = await trx
			.selectFrom('membership')
			.innerJoin('app_user', 'app_user.id', 'membership.user_id')
			.select('membership.id')
			.where('membership.municipality_id', '=', municipalityId)
			.where('app_user.email', '=', email)
			.where('membership.role', '=', input.role)
			.executeTakeFirst();
		if (already) throw new ConflictError('error.alreadyMember', 'email');
		// A new invitation for the same person and role replaces an open one, so only the latest link works.
		await trx
			.deleteFrom('one_time_token')
			.where('purpose', '=', 'invite')
			.where('municipality_id', '=', municipalityId)
			.where('email', '=', email)
			.where('role', '=', input.role)
			.where('used_at', 'is', null)
			.execute();
		const issued = await insertOneTimeToken(trx, {
			purpose: 'invite',
			email,
			municipalityId,
			role: input.role,
			actorId: input.actorId,
			districtIds,
			createdBy: ctx.principal.via === 'system' ? null : ctx.principal.userId,
			validMs: INVITE_VALID_MS,
			now: opts.now
		});
		return {
			result: issued,
			audit: {
				action: 'invite',
				entity: 'invitation',
				entityId: issued.id,
				after: { email, role: input.role, actorId: input.actorId, districtIds, expiresAt: issued.expiresAt }
			}
		};
	});

	const link = `${opts.origin.replace(/\/$/, '')}/invite/${result.token}`;
	const municipality = await findMunicipalityById(ctx.db.kysely, municipalityId);
	const delivery = await deliverLink(
		'invitation',
		invitationMail({ locale: opts.locale ?? 'de', to: email, municipality: municipality?.name ?? '', role: input.role, link, expiresAt: result.expiresAt }),
		link
	);
	return { id: result.id, email, link, expiresAt: result.expiresAt, delivery };
}
