import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findNeed } from '$lib/server/needs/needs.repository';
import { needFormOptions } from '$lib/server/needs/form-options';
import { canEditRecord, canSeePersonNames } from '$lib/server/needs/policies';
import { updateNeed } from '$lib/server/needs/update-need';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const need = await findNeed(ctx.db.kysely, ctx.municipalityId, params.needId);
	if (!need) error(404, 'Not Found');
	if (!canEditRecord(ctx.principal, need)) error(403, 'Forbidden');
	// Whoever may not see a person's name may not overwrite it unseen either.
	if (need.raisedBy === 'person' && !canSeePersonNames(ctx.principal, need.districtId)) error(403, 'Forbidden');
	const options = await needFormOptions(ctx.db.kysely, ctx.municipalityId, need.actionFieldId);
	const initial = {
		title: need.title,
		actionFieldId: need.actionFieldId,
		channel: need.engagementId ? '' : need.channel,
		engagementId: need.engagementId ?? '',
		statement: need.statement,
		language: need.language,
		targetGroups: need.targetGroups,
		placeLabel: need.placeLabel,
		placeLat: need.placeLat === null ? '' : String(need.placeLat),
		placeLon: need.placeLon === null ? '' : String(need.placeLon),
		raisedBy: need.raisedBy,
		raisedByActorId: need.raisedByActorId ?? '',
		raisedByText: need.raisedByText,
		consentRecorded: need.consentRecorded ? 'on' : '',
		internalNote: need.internalNote
	};
	return { need: { id: need.id, title: need.title, districtName: need.districtName }, options: { ...options, engagements: options.engagements.filter((e) => e.districtId === need.districtId) }, initial };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findNeed(ctx.db.kysely, ctx.municipalityId, params.needId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), ['targetGroups']);
		try {
			await updateNeed({ ctx, needId: params.needId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/needs/${params.needId}?notice=updated`);
	}
};
