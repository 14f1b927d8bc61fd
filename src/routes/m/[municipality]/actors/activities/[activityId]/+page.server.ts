import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { noticeFrom } from '$lib/domain/filter-params';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findActivity } from '$lib/server/actors/actors.repository';
import { canEditActor } from '$lib/server/actors/policies';
import { updateActivity } from '$lib/server/actors/update-activity';
import { deleteActivity } from '$lib/server/actors/delete-activity';
import { confirmActivity } from '$lib/server/actors/confirm-activity';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { activityToForm, multiActivityFields } from '$lib/server/actors/views';

const notices = ['created', 'updated', 'confirmed'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const activity = await findActivity(ctx.db.kysely, ctx.municipalityId, params.activityId);
	if (!activity) error(404, 'Not Found');
	if (!canEditActor(ctx.principal, activity.actorId)) error(403, 'Forbidden');
	const fields = await listActionFields(ctx.db.kysely, ctx.municipalityId);
	return {
		activity,
		values: activityToForm(activity),
		fields: fields.filter((f) => f.active || f.id === activity.actionFieldId).map((f) => ({ id: f.id, name: f.name })),
		notice: noticeFrom(url.searchParams, notices)
	};
};

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), multiActivityFields);
		try {
			// The form shows every field: what is empty is meant empty (cost '' = unknown).
			await updateActivity({ ctx, activityId: params.activityId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/activities/${params.activityId}?notice=updated`);
	},
	confirm: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			await confirmActivity({ ctx, activityId: params.activityId });
		} catch (e) {
			return failFromError(e, { section: 'confirm' });
		}
		redirect(303, `/m/${params.municipality}/actors/activities/${params.activityId}?notice=confirmed`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		let actorId: string;
		try {
			const a = await findActivity(ctx.db.kysely, ctx.municipalityId, params.activityId);
			actorId = a?.actorId ?? '';
			await deleteActivity({ ctx, activityId: params.activityId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/actors/${actorId}?notice=activityDeleted`);
	}
};
