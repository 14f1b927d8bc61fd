import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { findUserById, listGrants, listUserMunicipalities } from '$lib/server/accounts/accounts.repository';
import { userContext } from '$lib/server/accounts/route-guards';
import { updateProfile } from '$lib/server/accounts/update-profile';
import { changePassword } from '$lib/server/accounts/change-password';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = userContext(locals, url);
	const user = (await findUserById(ctx.db.kysely, ctx.userId))!;
	const municipalities = await listUserMunicipalities(ctx.db.kysely, ctx.userId);
	const memberships = [];
	for (const m of municipalities) memberships.push({ ...m, roles: (await listGrants(ctx.db.kysely, m.id, ctx.userId)).map((g) => g.role) });
	return { account: { name: user.name, email: user.email }, memberships };
};

export const actions: Actions = {
	profile: async ({ request, locals, url }) => {
		const ctx = userContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await updateProfile({ ctx, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'profile' });
		}
		return { saved: 'profile' as const };
	},
	password: async ({ request, locals, url }) => {
		const ctx = userContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await changePassword({ ctx, input: values, keepSessionToken: locals.sessionToken });
		} catch (e) {
			return failFromError(e, { section: 'password' });
		}
		return { saved: 'password' as const };
	}
};
