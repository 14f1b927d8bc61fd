import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { newId } from '$lib/server/core/ids';
import { createEngagement } from '$lib/server/needs/create-engagement';
import { engagementFormOptions, pick } from '$lib/server/needs/form-options';
import { engagementLists } from '$lib/server/needs/need-input';
import { recordsSomeNeeds } from '$lib/server/needs/policies';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!recordsSomeNeeds(ctx.principal)) error(403, 'Forbidden');
	const options = await engagementFormOptions(ctx.db.kysely, ctx.municipalityId);
	const districtId = pick(url.searchParams.get('district'), options.districts.map((d) => d.id));
	return { options, initial: { districtId, submissionKey: newId() } };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), engagementLists);
		let r: { id: string; replayed: boolean };
		try {
			r = await createEngagement({ ctx, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/engagements/${r.id}?notice=${r.replayed ? 'replayed' : 'created'}`);
	}
};
