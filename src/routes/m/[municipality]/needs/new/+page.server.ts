import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { newId } from '$lib/server/core/ids';
import { createNeed } from '$lib/server/needs/create-need';
import { needFormOptions, pick } from '$lib/server/needs/form-options';
import { recordsSomeNeeds } from '$lib/server/needs/policies';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!recordsSomeNeeds(ctx.principal)) error(403, 'Forbidden');
	const options = await needFormOptions(ctx.db.kysely, ctx.municipalityId);
	const districtId = pick(url.searchParams.get('district'), options.districts.map((d) => d.id));
	// A fresh token per form: submitting the same form twice finds the first need instead of creating a second.
	return { options, initial: { districtId, raisedBy: 'anonymous', language: 'de', submissionKey: newId() } };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), ['targetGroups']);
		let r: { id: string; replayed: boolean };
		try {
			r = await createNeed({ ctx, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/needs/${r.id}?notice=${r.replayed ? 'replayed' : 'created'}`);
	}
};
