import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, failFromError } from '$lib/server/forms';
import { adminContext } from '$lib/server/accounts/route-guards';
import { getPortalSettings } from '$lib/server/portal/portal.repository';
import { updatePortalSettings } from '$lib/server/portal/update-portal-settings';
import { assessmentMethods, complianceStates, licenceIds, openDataLicences, portalLocales } from '$lib/domain/portal';

/** Settings of the public portal: on/off, public languages, licence, imprint, feedback contact, accessibility statement. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = adminContext(locals, url);
	return {
		settings: await getPortalSettings(ctx.db.kysely, ctx.municipalityId),
		options: {
			locales: [...portalLocales],
			licences: licenceIds.map((id) => ({ id, name: openDataLicences[id].name })),
			statuses: [...complianceStates],
			methods: [...assessmentMethods]
		},
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = adminContext(locals, url);
		const values = formValues(await request.formData(), ['languages']);
		try {
			await updatePortalSettings({ ctx, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/admin/portal?saved=1`);
	}
};
