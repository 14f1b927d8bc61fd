import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { superadminContext } from '$lib/server/accounts/route-guards';
import { listAllUsers } from '$lib/server/accounts/accounts.repository';
import { setUserDisabled } from '$lib/server/accounts/set-user-disabled';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = superadminContext(locals, url);
	return { users: await listAllUsers(ctx.db.kysely), selfId: ctx.userId };
};

export const actions: Actions = {
	setDisabled: async ({ request, locals, url }) => {
		const ctx = superadminContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await setUserDisabled({ ctx, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		return { saved: true };
	}
};
