import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { findDistrict, listDistrictOptions } from '$lib/server/districts/districts.repository';
import { canEditDistrict, canManageDistricts } from '$lib/server/districts/policies';
import { updateDistrict } from '$lib/server/districts/update-district';
import { districtFormValues } from '$lib/server/districts/form-input';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const district = await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId);
	if (!district) error(404, 'Not Found');
	if (!canEditDistrict(ctx.principal, district.id)) error(403, 'Forbidden');
	const options = await listDistrictOptions(ctx.db.kysely, ctx.municipalityId);
	// Neither the district itself nor anything below it can become its parent.
	const excluded = new Set([district.id]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const o of options)
			if (o.parentId && excluded.has(o.parentId) && !excluded.has(o.id)) {
				excluded.add(o.id);
				grew = true;
			}
	}
	const canReparent = canManageDistricts(ctx.principal);
	return {
		district: { id: district.id, name: district.name },
		values: {
			name: district.name,
			code: district.code,
			parentId: district.parentId ?? '',
			boundary: district.boundary ? JSON.stringify(district.boundary) : ''
		},
		// Narrowed grants cannot move a district: they only see its current parent.
		parents: canReparent ? options.filter((o) => !excluded.has(o.id)) : options.filter((o) => o.id === district.parentId).map((o) => ({ ...o, depth: 0 }))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const { values, check } = await districtFormValues(request);
		try {
			check();
			await updateDistrict({ ctx, districtId: params.districtId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/districts/${params.districtId}?notice=updated`);
	}
};
