import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { canManageDistricts } from '$lib/server/districts/policies';
import { createDistrict } from '$lib/server/districts/create-district';
import { districtFormValues } from '$lib/server/districts/form-input';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canManageDistricts(ctx.principal)) error(403, 'Forbidden');
	return { parents: await listDistrictOptions(ctx.db.kysely, ctx.municipalityId), parentId: url.searchParams.get('parent') ?? '' };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const { values, check } = await districtFormValues(request);
		let id: string;
		try {
			check();
			id = (await createDistrict({ ctx, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/districts/${id}?notice=created`);
	}
};
