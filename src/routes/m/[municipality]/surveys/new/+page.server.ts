import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { canCreateAnySurvey } from '$lib/server/surveys/policies';
import { createSurvey } from '$lib/server/surveys/create-survey';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canCreateAnySurvey(ctx.principal)) error(403, 'Forbidden');
	return { districts: await listDistrictOptions(ctx.db.kysely, ctx.municipalityId) };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		let id: string;
		try {
			id = (await createSurvey({ ctx, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/surveys/${id}?notice=created`);
	}
};
