import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { getPortalSettings } from '$lib/server/portal/portal.repository';

/** The accessibility statement (Erklärung zur Barrierefreiheit) that BITV 2.0 § 7 and the Länder laws require. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const s = await getPortalSettings(locals.db.kysely, municipality.id);
	return {
		statement: {
			status: s.a11yStatus,
			nonAccessible: s.a11yNonAccessible,
			preparedOn: s.a11yPreparedOn,
			reviewedOn: s.a11yReviewedOn,
			method: s.a11yMethod,
			enforcementBody: s.a11yEnforcementBody,
			enforcementUrl: s.a11yEnforcementUrl,
			email: s.feedbackEmail,
			phone: s.feedbackPhone
		}
	};
};
