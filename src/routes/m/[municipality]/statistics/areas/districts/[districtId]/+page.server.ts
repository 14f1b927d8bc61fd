import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findDistrict } from '$lib/server/districts/districts.repository';
import { canEditDistrict } from '$lib/server/districts/policies';
import { listAreas, listDistrictAreaIds } from '$lib/server/indicators/indicators.repository';
import { linkDistrictAreas } from '$lib/server/indicators/link-district-areas';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const district = await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId);
	if (!district) error(404, 'Not Found');
	const [areas, linked] = await Promise.all([listAreas(ctx.db.kysely, ctx.municipalityId), listDistrictAreaIds(ctx.db.kysely, ctx.municipalityId, district.id)]);
	const levels = [...new Set(areas.map((a) => a.level))];
	return {
		district: { id: district.id, name: district.name, code: district.code },
		groups: levels.map((level) => ({ level, areas: areas.filter((a) => a.level === level).map((a) => ({ id: a.id, code: a.code, name: a.name })) })),
		linked,
		canEdit: canEditDistrict(ctx.principal, district.id),
		saved: url.searchParams.get('notice') === 'saved'
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), ['areaIds']);
		try {
			await linkDistrictAreas({ ctx, input: { districtId: params.districtId, areaIds: values.areaIds } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/statistics/areas/districts/${params.districtId}?notice=saved`);
	}
};
