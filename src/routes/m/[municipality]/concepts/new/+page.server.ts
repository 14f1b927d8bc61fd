import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canEditCityConcepts } from '$lib/server/concepts/policies';
import { createCityConcept } from '$lib/server/concepts/create-city-concept';
import { cityConceptKinds } from '$lib/server/concepts/concept-model';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canEditCityConcepts(ctx.principal)) error(403, 'Forbidden');
	return { kinds: cityConceptKinds };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		let id: string;
		try {
			id = (await createCityConcept({ ctx, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/concepts/${id}?notice=created`);
	}
};
