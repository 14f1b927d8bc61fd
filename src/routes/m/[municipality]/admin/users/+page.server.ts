import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { adminContext } from '$lib/server/accounts/route-guards';
import { listDistrictOptions, listMembers, listPendingInvitations } from '$lib/server/accounts/accounts.repository';
import { listActors } from '$lib/server/actors/actors.repository';
import { inviteUser } from '$lib/server/accounts/invite-user';
import { revokeInvitation } from '$lib/server/accounts/revoke-invitation';
import { formatDateTime } from '$lib/server/accounts/format';
import { roles } from '$lib/server/core/roles';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = adminContext(locals, url);
	const k = ctx.db.kysely;
	const [members, invitations, actors, districts] = await Promise.all([
		listMembers(k, ctx.municipalityId),
		listPendingInvitations(k, ctx.municipalityId),
		listActors(k, ctx.municipalityId),
		listDistrictOptions(k, ctx.municipalityId)
	]);
	return {
		members,
		invitations: invitations.map((i) => ({ ...i, expiresAt: formatDateTime(i.expiresAt, locals.locale) })),
		actors: actors.map((a) => ({ id: a.id, name: a.name })),
		districts,
		roles: [...roles]
	};
};

export const actions: Actions = {
	invite: async ({ request, locals, url }) => {
		const ctx = adminContext(locals, url);
		const values = formValues(await request.formData(), ['districtIds']);
		try {
			const inv = await inviteUser({ ctx, input: values, origin: url.origin, locale: locals.locale });
			return {
				invited: {
					email: inv.email,
					delivery: inv.delivery,
					// The link is shown only when it could not be mailed: then the admin passes it on.
					link: inv.delivery === 'mailed' ? null : inv.link,
					expiresAt: formatDateTime(inv.expiresAt, locals.locale)
				}
			};
		} catch (e) {
			return failFromError(e, { ...values, section: 'invite' });
		}
	},
	revokeInvitation: async ({ request, locals, url }) => {
		const ctx = adminContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await revokeInvitation({ ctx, input: values });
		} catch (e) {
			return failFromError(e, { section: 'invitations' });
		}
		return { invitationRevoked: true };
	}
};
