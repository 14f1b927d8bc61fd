import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { listNews } from '$lib/server/portal/portal.repository';
import { todayInGermany } from '$lib/server/plans/plan-version-input';

/** All published news of the municipality and its districts, newest first. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	return { news: await listNews(locals.db.kysely, municipality.id, { publishedOnly: true, today: todayInGermany(), limit: 100 }) };
};
