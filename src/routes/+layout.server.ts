import type { LayoutServerLoad } from './$types';
import { listUserMunicipalities } from '$lib/server/accounts/accounts.repository';

export const load: LayoutServerLoad = async ({ locals }) => {
	return {
		locale: locals.locale,
		csrfToken: locals.csrfToken,
		user: locals.user ? { id: locals.user.id, name: locals.user.name, email: locals.user.email, isSuperadmin: locals.user.isSuperadmin } : null,
		municipality: locals.municipality ? { name: locals.municipality.name, slug: locals.municipality.slug } : null,
		roles: locals.principal?.grants.map((g) => g.role) ?? [],
		myMunicipalities: locals.user ? await listUserMunicipalities(locals.db.kysely, locals.user.id) : []
	};
};
