import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { adminContext } from '$lib/server/accounts/route-guards';
import { findMember, listDistrictOptions } from '$lib/server/accounts/accounts.repository';
import { listActors } from '$lib/server/actors/actors.repository';
import { updateMembership } from '$lib/server/accounts/update-membership';
import { revokeMembership } from '$lib/server/accounts/revoke-membership';
import { addMembership } from '$lib/server/accounts/add-membership';
import { removeMember } from '$lib/server/accounts/remove-member';
import { roles } from '$lib/server/core/roles';

/** The member must belong to this municipality: otherwise 404 before anything else is looked at. */
async function memberOr404(locals: App.Locals, url: URL, userId: string) {
	const ctx = adminContext(locals, url);
	const member = await findMember(ctx.db.kysely, ctx.municipalityId, userId);
	if (!member) error(404, 'Not Found');
	return { ctx, member };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { ctx, member } = await memberOr404(locals, url, params.userId);
	const [actors, districts] = await Promise.all([listActors(ctx.db.kysely, ctx.municipalityId), listDistrictOptions(ctx.db.kysely, ctx.municipalityId)]);
	return { member, actors: actors.map((a) => ({ id: a.id, name: a.name })), districts, roles: [...roles], isSelf: member.userId === ctx.principal.userId };
};

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const { ctx, member } = await memberOr404(locals, url, params.userId);
		const values = formValues(await request.formData(), ['districtIds']);
		// Only this member's memberships can be addressed from this page.
		if (!member.roles.some((r) => r.membershipId === values.membershipId)) error(404, 'Not Found');
		try {
			await updateMembership({ ctx, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: `m-${values.membershipId}` });
		}
		return { done: 'updated' as const };
	},
	revoke: async ({ request, locals, url, params }) => {
		const { ctx, member } = await memberOr404(locals, url, params.userId);
		const values = formValues(await request.formData());
		if (!member.roles.some((r) => r.membershipId === values.membershipId)) error(404, 'Not Found');
		try {
			await revokeMembership({ ctx, input: values });
		} catch (e) {
			return failFromError(e, { section: `m-${values.membershipId}` });
		}
		if (member.roles.length === 1) redirect(303, `/m/${params.municipality}/admin/users`);
		return { done: 'revoked' as const };
	},
	add: async ({ request, locals, url, params }) => {
		const { ctx, member } = await memberOr404(locals, url, params.userId);
		const values = formValues(await request.formData(), ['districtIds']);
		try {
			await addMembership({ ctx, input: { ...values, userId: member.userId } });
		} catch (e) {
			return failFromError(e, { ...values, section: 'add' });
		}
		return { done: 'added' as const };
	},
	remove: async ({ locals, url, params }) => {
		const { ctx, member } = await memberOr404(locals, url, params.userId);
		try {
			await removeMember({ ctx, input: { userId: member.userId } });
		} catch (e) {
			return failFromError(e, { section: 'remove' });
		}
		redirect(303, `/m/${params.municipality}/admin/users`);
	}
};
