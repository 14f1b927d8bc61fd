import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { countObservationsOfIndicator, findIndicator, listPeriods } from '$lib/server/indicators/indicators.repository';
import { canManageIndicators } from '$lib/server/indicators/policies';
import { updateIndicator } from '$lib/server/indicators/update-indicator';
import { deleteIndicator } from '$lib/server/indicators/delete-indicator';
import { areaLevels, directions, valueKinds } from '$lib/server/indicators/indicator-input';

const notices = ['created', 'updated'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const indicator = await findIndicator(ctx.db.kysely, ctx.municipalityId, params.indicatorId);
	if (!indicator) error(404, 'Not Found');
	const [observations, periods] = await Promise.all([
		countObservationsOfIndicator(ctx.db.kysely, ctx.municipalityId, indicator.id),
		listPeriods(ctx.db.kysely, ctx.municipalityId, indicator.id)
	]);
	const notice = url.searchParams.get('notice');
	return {
		indicator,
		observations,
		periods,
		directions,
		valueKinds,
		levels: areaLevels,
		canManage: canManageIndicators(ctx.principal),
		notice: (notices as readonly string[]).includes(notice ?? '') ? notice : null
	};
};

async function existing(locals: App.Locals, url: URL, id: string) {
	const ctx = tenantContext(locals, url);
	// Existence first: another municipality's id is 404 whatever the form says.
	if (!(await findIndicator(ctx.db.kysely, ctx.municipalityId, id))) error(404, 'Not Found');
	return ctx;
}

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = await existing(locals, url, params.indicatorId);
		const values = formValues(await request.formData());
		try {
			await updateIndicator({ ctx, id: params.indicatorId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'edit' });
		}
		redirect(303, `/m/${params.municipality}/indicators/${params.indicatorId}?notice=updated`);
	},
	delete: async ({ request, locals, url, params }) => {
		const ctx = await existing(locals, url, params.indicatorId);
		const values = formValues(await request.formData());
		if (values.confirm !== 'on') return fail(422, { errors: { confirm: ['indicator.delete.confirmMissing'] }, values: { section: 'delete' } });
		try {
			await deleteIndicator({ ctx, id: params.indicatorId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/indicators?notice=deleted`);
	}
};
