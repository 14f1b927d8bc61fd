import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canManageIndicators } from '$lib/server/indicators/policies';
import { createIndicator } from '$lib/server/indicators/create-indicator';
import { areaLevels, directions, valueKinds } from '$lib/server/indicators/indicator-input';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canManageIndicators(ctx.principal)) error(403, 'Forbidden');
	return { directions, valueKinds, levels: areaLevels };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData());
		let id: string;
		try {
			id = (await createIndicator({ ctx, input: values })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/indicators/${id}?notice=created`);
	}
};
