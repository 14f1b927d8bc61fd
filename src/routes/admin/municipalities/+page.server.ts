import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { superadminContext } from '$lib/server/accounts/route-guards';
import { listMunicipalities } from '$lib/server/municipalities/municipalities.repository';
import { setupMunicipality } from '$lib/server/municipalities/setup-municipality';
import { formatDateTime } from '$lib/server/accounts/format';
import { locales } from '$lib/i18n';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = superadminContext(locals, url);
	return { municipalities: await listMunicipalities(ctx.db.kysely), locales: locales.filter((l) => l !== 'de-x-ls') };
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const ctx = superadminContext(locals, url);
		const values = formValues(await request.formData(), ['languages']);
		try {
			const r = await setupMunicipality({ ctx, input: values, origin: url.origin, locale: locals.locale });
			return {
				created: {
					name: r.municipality.name,
					slug: r.municipality.slug,
					email: r.invitation.email,
					delivery: r.invitation.delivery,
					link: r.invitation.delivery === 'mailed' ? null : r.invitation.link,
					expiresAt: formatDateTime(r.invitation.expiresAt, locals.locale)
				}
			};
		} catch (e) {
			return failFromError(e, values);
		}
	}
};
