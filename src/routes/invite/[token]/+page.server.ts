import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { formValues, failFromError } from '$lib/server/forms';
import { acceptInvitation, describeInvitation } from '$lib/server/accounts/accept-invitation';
import { TokenError } from '$lib/server/accounts/one-time-tokens';
import { deleteSession } from '$lib/server/accounts/sessions';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';
import { formatDateTime } from '$lib/server/accounts/format';

function tokenFailure(e: unknown, locale: App.Locals['locale']): never {
	if (e instanceof TokenError) error(e.status, translate(locale, `auth.invite.${e.reason}`));
	throw e;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const info = await describeInvitation(locals.db, params.token);
		return {
			invitation: {
				email: info.email,
				role: info.role,
				municipalityName: info.municipality.name,
				existingAccount: info.existingAccount,
				expiresAt: formatDateTime(info.expiresAt, locals.locale)
			},
			signedInAs: locals.user && locals.user.id !== info.existingUserId ? locals.user.name : null
		};
	} catch (e) {
		tokenFailure(e, locals.locale);
	}
};

export const actions: Actions = {
	default: async ({ params, request, locals, cookies, url }) => {
		const values = formValues(await request.formData());
		const keep = { name: values.name ?? '' };
		let destination: string;
		try {
			const result = await acceptInvitation({ db: locals.db, token: params.token, input: values, requestId: locals.requestId });
			const home = `/m/${result.municipalitySlug}/districts`;
			if (result.kind === 'created') {
				// Whoever was logged in on this browser is logged out: the new account takes over.
				if (locals.sessionToken) await deleteSession(locals.db.kysely, locals.sessionToken);
				setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
				destination = home;
			} else {
				destination = locals.user?.id === result.userId ? home : `/login?notice=invited&next=${encodeURIComponent(home)}`;
			}
		} catch (e) {
			if (e instanceof TokenError) tokenFailure(e, locals.locale);
			return failFromError(e, keep);
		}
		redirect(303, destination);
	}
};
