import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { deleteSession } from '$lib/server/accounts/sessions';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';

/** GET shows a confirmation button (a link must not log out); the POST carries the CSRF token checked by the hook. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionToken) await deleteSession(locals.db.kysely, locals.sessionToken);
		clearSessionCookie(cookies, url);
		redirect(303, '/login?notice=loggedOut');
	}
};
