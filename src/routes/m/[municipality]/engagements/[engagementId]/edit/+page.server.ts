import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findEngagement } from '$lib/server/needs/engagements.repository';
import { engagementFormOptions } from '$lib/server/needs/form-options';
import { engagementLists } from '$lib/server/needs/need-input';
import { canEditRecord } from '$lib/server/needs/policies';
import { updateEngagement } from '$lib/server/needs/update-engagement';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const e = await findEngagement(ctx.db.kysely, ctx.municipalityId, params.engagementId);
	if (!e) error(404, 'Not Found');
	if (!canEditRecord(ctx.principal, e)) error(403, 'Forbidden');
	const options = await engagementFormOptions(ctx.db.kysely, ctx.municipalityId);
	const initial = {
		kind: e.kind,
		title: e.title,
		heldOn: e.heldOn,
		place: e.place,
		actorIds: e.actors.map((a) => a.id),
		participantCount: e.participantCount === null ? '' : String(e.participantCount),
		participants: e.participants,
		interpretingLanguages: e.interpretingLanguages,
		whisperCornerLanguages: e.whisperCornerLanguages,
		childcare: e.childcare ? 'on' : '',
		stepFree: e.stepFree ? 'on' : '',
		accessibilityNotes: e.accessibilityNotes,
		notes: e.notes
	};
	return { engagement: { id: e.id, title: e.title, districtName: e.districtName }, options, initial };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findEngagement(ctx.db.kysely, ctx.municipalityId, params.engagementId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), engagementLists);
		try {
			await updateEngagement({ ctx, engagementId: params.engagementId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/engagements/${params.engagementId}?notice=updated`);
	}
};
