import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { RateLimitError } from '$lib/server/core/errors';
import { requestPasswordReset } from '$lib/server/accounts/request-password-reset';

export const load: PageServerLoad = async () => ({});

export const actions: Actions = {
	default: async ({ request, locals, url, getClientAddress }) => {
		const values = formValues(await request.formData());
		try {
			await requestPasswordReset({ db: locals.db, input: values, clientAddress: getClientAddress(), origin: url.origin, locale: locals.locale, requestId: locals.requestId });
		} catch (e) {
			if (e instanceof RateLimitError) return fail(429, { errors: { _form: ['error.rateLimited'] }, values });
			return failFromError(e, values);
		}
		// The same answer whether or not the address belongs to an account.
		return { sent: true };
	}
};
