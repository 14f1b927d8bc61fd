import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { getPortalSettings, listPublicVersions, listResolvedPlans } from '$lib/server/portal/portal.repository';
import { openDataLicences } from '$lib/domain/portal';
import { GOAL_CSV_COLUMNS, MEASURE_CSV_COLUMNS } from '$lib/server/portal/open-data';

/** Index of the open data: every resolved plan with its downloads and the downloads of its earlier versions. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const settings = await getPortalSettings(locals.db.kysely, municipality.id);
	const plans = await listResolvedPlans(locals.db.kysely, municipality.id);
	const withVersions = await Promise.all(plans.map(async (p) => ({ ...p, versions: await listPublicVersions(locals.db.kysely, municipality.id, p.planId) })));
	const l = openDataLicences[settings.licence];
	return {
		plans: withVersions,
		licence: { id: settings.licence, name: l.name, url: l.url, attribution: settings.attribution || municipality.name },
		measureColumns: [...MEASURE_CSV_COLUMNS],
		goalColumns: [...GOAL_CSV_COLUMNS]
	};
};
