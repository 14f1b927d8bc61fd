import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { newId } from '$lib/server/core/ids';
import { findEngagement } from '$lib/server/needs/engagements.repository';
import { listNeeds } from '$lib/server/needs/needs.repository';
import { needFormOptions } from '$lib/server/needs/form-options';
import { canEditRecord, canRecordNeeds } from '$lib/server/needs/policies';
import { createNeed } from '$lib/server/needs/create-need';
import { deleteEngagement } from '$lib/server/needs/delete-engagement';

const notices = ['created', 'replayed', 'updated', 'needCreated', 'needReplayed'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const engagement = await findEngagement(ctx.db.kysely, ctx.municipalityId, params.engagementId);
	if (!engagement) error(404, 'Not Found');
	const canAddNeed = canRecordNeeds(ctx.principal, engagement.districtId);
	const [needs, options] = await Promise.all([
		listNeeds(ctx.db.kysely, ctx.municipalityId, { engagementId: engagement.id }),
		canAddNeed ? needFormOptions(ctx.db.kysely, ctx.municipalityId) : null
	]);
	return {
		engagement,
		needs,
		options,
		needInitial: { districtId: engagement.districtId, engagementId: engagement.id, raisedBy: 'anonymous', language: 'de', submissionKey: newId() },
		canAddNeed,
		canEdit: canEditRecord(ctx.principal, engagement),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

export const actions: Actions = {
	/** A need captured in this record: district, record and channel come from the record, not from the form. */
	addNeed: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const engagement = await findEngagement(ctx.db.kysely, ctx.municipalityId, params.engagementId);
		if (!engagement) error(404, 'Not Found');
		const values = { ...formValues(await request.formData(), ['targetGroups']), districtId: engagement.districtId, engagementId: engagement.id, section: 'addNeed' };
		let r: { id: string; replayed: boolean };
		try {
			r = await createNeed({ ctx, input: { ...values, channel: engagement.kind } });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/engagements/${params.engagementId}?notice=${r.replayed ? 'needReplayed' : 'needCreated'}#needs-h`);
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		try {
			await deleteEngagement({ ctx, engagementId: params.engagementId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/engagements?notice=deleted`);
	}
};
