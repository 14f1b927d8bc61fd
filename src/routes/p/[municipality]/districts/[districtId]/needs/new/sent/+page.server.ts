import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { findDistrictRef } from '$lib/server/plans/plans.repository';

/** The confirmation after a resident sent a need: what happens next, and the way to the public needs page. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const municipality = await findMunicipalityBySlug(locals.db.kysely, params.municipality);
	if (!municipality) error(404, 'Not Found');
	const district = await findDistrictRef(locals.db.kysely, municipality.id, params.districtId);
	if (!district) error(404, 'Not Found');
	return { municipalityName: municipality.name, district: { id: district.id, name: district.name } };
};
