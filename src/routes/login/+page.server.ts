import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { RateLimitError } from '$lib/server/core/errors';
import { login } from '$lib/server/accounts/login';
import { listUserMunicipalities } from '$lib/server/accounts/accounts.repository';
import { landingPath, safeNext } from '$lib/server/accounts/redirects';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';

const notices = ['reset', 'invited', 'loggedOut'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, landingPath(next, await listUserMunicipalities(locals.db.kysely, locals.user.id)));
	const notice = url.searchParams.get('notice');
	return { next, notice: (notices as readonly string[]).includes(notice ?? '') ? notice : null };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const values = formValues(await request.formData());
		// The password is never sent back to the page.
		const { password: _password, ...keep } = values;
		let destination: string;
		try {
			const result = await login({ db: locals.db, input: values, clientAddress: getClientAddress(), requestId: locals.requestId });
			setSessionCookie(cookies, url, result.token, result.expiresAt);
			const next = typeof values.next === 'string' ? values.next : url.searchParams.get('next');
			destination = landingPath(next, await listUserMunicipalities(locals.db.kysely, result.user.id));
		} catch (e) {
			if (e instanceof RateLimitError) {
				return fail(429, { errors: { _form: ['error.loginRateLimited'] }, values: keep, retryMinutes: Math.ceil(e.retryAfterSeconds / 60) });
			}
			return failFromError(e, keep);
		}
		redirect(303, destination);
	}
};
