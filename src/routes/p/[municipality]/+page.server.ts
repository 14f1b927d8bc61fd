import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { listDistrictsWithPlans } from '$lib/server/plans/plans.repository';
import { listNews, listResolvedPlans } from '$lib/server/portal/portal.repository';
import { todayInGermany } from '$lib/server/plans/plan-version-input';
import { error } from '@sveltejs/kit';

/** Start page of the portal: the districts with their resolved plans, the districts without one, the latest news. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const [plans, districts, news] = await Promise.all([
		listResolvedPlans(locals.db.kysely, municipality.id),
		listDistrictsWithPlans(locals.db.kysely, municipality.id),
		listNews(locals.db.kysely, municipality.id, { publishedOnly: true, today: todayInGermany(), limit: 3 })
	]);
	const withPlan = new Set(plans.map((p) => p.districtId));
	return {
		plans,
		otherDistricts: districts.filter((d) => !withPlan.has(d.id)).map((d) => ({ id: d.id, name: d.name })),
		news
	};
};
