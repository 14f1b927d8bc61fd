import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { findDistrict } from '$lib/server/districts/districts.repository';

/** The district's boundary as a GeoJSON Feature, for GIS tools (members of the municipality only). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const d = await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId);
	if (!d?.boundary) error(404, 'Not Found');
	const feature = { type: 'Feature', properties: { name: d.name, code: d.code }, geometry: d.boundary };
	return new Response(JSON.stringify(feature), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(d.code)}.geojson"`
		}
	});
};
