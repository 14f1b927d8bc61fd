import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { actorKinds, actorLevels } from '$lib/server/actors/actors.repository';
import { canCreateActor } from '$lib/server/actors/policies';
import { createActor } from '$lib/server/actors/create-actor';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { actorFormInput, multiActorFields } from '$lib/server/actors/views';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canCreateActor(ctx.principal)) error(403, 'Forbidden');
	const [fields, districts] = await Promise.all([listActionFields(ctx.db.kysely, ctx.municipalityId, { activeOnly: true }), listDistrictOptions(ctx.db.kysely, ctx.municipalityId)]);
	return {
		kinds: [...actorKinds],
		levels: [...actorLevels],
		fields: fields.map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		// A district's page links here with ?district=… to record an actor working there.
		preset: districts.find((d) => d.id === url.searchParams.get('district'))?.id ?? null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const values = formValues(await request.formData(), multiActorFields);
		let id: string;
		try {
			id = (await createActor({ ctx, input: actorFormInput(values) })).id;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/actors/${id}?notice=created`);
	}
};
