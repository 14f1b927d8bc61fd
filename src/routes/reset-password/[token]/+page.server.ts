import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { formValues, failFromError } from '$lib/server/forms';
import { checkResetToken, resetPassword } from '$lib/server/accounts/reset-password';
import { TokenError } from '$lib/server/accounts/one-time-tokens';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';

function tokenFailure(e: unknown, locale: App.Locals['locale']): never {
	if (e instanceof TokenError) error(e.status, translate(locale, `auth.reset.${e.reason}`));
	throw e;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		return { email: (await checkResetToken(locals.db, params.token)).email };
	} catch (e) {
		tokenFailure(e, locals.locale);
	}
};

export const actions: Actions = {
	default: async ({ params, request, locals, cookies, url }) => {
		const values = formValues(await request.formData());
		try {
			await resetPassword({ db: locals.db, token: params.token, input: values, requestId: locals.requestId });
		} catch (e) {
			if (e instanceof TokenError) tokenFailure(e, locals.locale);
			return failFromError(e, {});
		}
		// All sessions of the user ended, this browser's too if it was theirs.
		clearSessionCookie(cookies, url);
		redirect(303, '/login?notice=reset');
	}
};
