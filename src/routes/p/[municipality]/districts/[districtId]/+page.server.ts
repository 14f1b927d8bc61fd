import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { loadPublicDistrict } from '$lib/server/portal/public-plan';
import { listNews } from '$lib/server/portal/portal.repository';
import { germanDay } from '$lib/server/portal/page-cache';
import { translate } from '$lib/i18n';

/**
 * A district's public page: the resolved plan (frozen version) with the implementation progress from the living
 * plan, measures by field of action and on a map, the district's news. Without a resolved version nothing of the
 * draft is shown. Another municipality's district (or an unknown id) is a 404.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { locale } = await parent();
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const view = await loadPublicDistrict(locals.db.kysely, municipality.id, params.districtId, (district) => translate(locale, 'portal.map.title', { district }), locale);
	if (!view) error(404, 'Not Found');
	const news = await listNews(locals.db.kysely, municipality.id, { publishedOnly: true, today: germanDay(), districtId: view.district.id, limit: 5 });
	return { district: { id: view.district.id, name: view.district.name }, plan: view.plan, news };
};
