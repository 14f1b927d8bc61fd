import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findCityConcept, findConceptGoal } from '$lib/server/concepts/concepts.repository';
import { canEditCityConcepts } from '$lib/server/concepts/policies';
import { updateConceptGoal } from '$lib/server/concepts/update-concept-goal';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const goal = await findConceptGoal(ctx.db.kysely, ctx.municipalityId, params.conceptGoalId);
	if (!goal || goal.conceptId !== params.conceptId) error(404, 'Not Found');
	if (!canEditCityConcepts(ctx.principal)) error(403, 'Forbidden');
	const concept = await findCityConcept(ctx.db.kysely, ctx.municipalityId, params.conceptId);
	return { goal, concept: { id: concept!.id, title: concept!.title } };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		const goal = await findConceptGoal(ctx.db.kysely, ctx.municipalityId, params.conceptGoalId);
		if (!goal || goal.conceptId !== params.conceptId) error(404, 'Not Found');
		try {
			await updateConceptGoal({ ctx, goalId: params.conceptGoalId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/concepts/${params.conceptId}?notice=goalUpdated#goals-h`);
	}
};
