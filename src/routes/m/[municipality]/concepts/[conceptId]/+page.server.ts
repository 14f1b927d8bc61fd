import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findCityConcept, findConceptGoal } from '$lib/server/concepts/concepts.repository';
import { canEditCityConcepts } from '$lib/server/concepts/policies';
import { createConceptGoal } from '$lib/server/concepts/create-concept-goal';
import { deleteConceptGoal } from '$lib/server/concepts/delete-concept-goal';
import { deleteCityConcept } from '$lib/server/concepts/delete-city-concept';

const notices = ['created', 'updated', 'goalCreated', 'goalUpdated', 'goalDeleted'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const concept = await findCityConcept(ctx.db.kysely, ctx.municipalityId, params.conceptId);
	if (!concept) error(404, 'Not Found');
	return {
		concept,
		canEdit: canEditCityConcepts(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

const here = (params: { municipality: string; conceptId: string }, notice: string) => `/m/${params.municipality}/concepts/${params.conceptId}?notice=${notice}`;

export const actions: Actions = {
	addGoal: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		try {
			await createConceptGoal({ ctx, conceptId: params.conceptId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'addGoal' });
		}
		redirect(303, `${here(params, 'goalCreated')}#goals-h`);
	},
	deleteGoal: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		const goalId = typeof values.goalId === 'string' ? values.goalId : '';
		const goal = await findConceptGoal(ctx.db.kysely, ctx.municipalityId, goalId);
		if (!goal || goal.conceptId !== params.conceptId) error(404, 'Not Found');
		try {
			await deleteConceptGoal({ ctx, goalId });
		} catch (e) {
			return failFromError(e, { section: 'goals' });
		}
		redirect(303, `${here(params, 'goalDeleted')}#goals-h`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			await deleteCityConcept({ ctx, conceptId: params.conceptId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/concepts?notice=deleted`);
	}
};
