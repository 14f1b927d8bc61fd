import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findCityConcept } from '$lib/server/concepts/concepts.repository';
import { canEditCityConcepts } from '$lib/server/concepts/policies';
import { updateCityConcept } from '$lib/server/concepts/update-city-concept';
import { cityConceptKinds } from '$lib/server/concepts/concept-model';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const concept = await findCityConcept(ctx.db.kysely, ctx.municipalityId, params.conceptId);
	if (!concept) error(404, 'Not Found');
	if (!canEditCityConcepts(ctx.principal)) error(403, 'Forbidden');
	return { concept: { id: concept.id, title: concept.title, kind: concept.kind, year: concept.year, description: concept.description }, kinds: cityConceptKinds };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await updateCityConcept({ ctx, conceptId: params.conceptId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/concepts/${params.conceptId}?notice=updated`);
	}
};
