import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findDistrict } from '$lib/server/districts/districts.repository';
import { findDistrictConcept } from '$lib/server/concepts/concepts.repository';
import { canEditDistrictConcept } from '$lib/server/concepts/policies';
import { saveDistrictConcept } from '$lib/server/concepts/save-district-concept';
import { conceptApproaches, conceptPhases, conceptTypes, decisionStates, startingDecisions } from '$lib/server/concepts/concept-model';
import { nestDotted } from '$lib/server/districts/form-input';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const district = await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId);
	if (!district) error(404, 'Not Found');
	const concept = await findDistrictConcept(ctx.db.kysely, ctx.municipalityId, district.id);
	// The form's values, flat like the form's field names (a new concept starts in preparation, all decisions open).
	const values: Record<string, string | string[]> = {
		conceptType: concept?.conceptType ?? '',
		approaches: concept?.approaches ?? [],
		integrationUnderstanding: concept?.integrationUnderstanding ?? '',
		phase: concept?.phase ?? 'preparation',
		resources: concept?.resources ?? ''
	};
	for (const key of startingDecisions) {
		const d = concept?.decisions.find((x) => x.decision === key);
		values[`decisions.${key}.state`] = d?.state ?? 'open';
		values[`decisions.${key}.note`] = d?.note ?? '';
	}
	return {
		district: { id: district.id, name: district.name },
		concept,
		values,
		canEdit: canEditDistrictConcept(ctx.principal, district.id),
		saved: url.searchParams.get('notice') === 'saved',
		options: { conceptTypes, conceptApproaches, conceptPhases, decisionStates, startingDecisions }
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findDistrict(ctx.db.kysely, ctx.municipalityId, params.districtId))) error(404, 'Not Found');
		const values = formValues(await request.formData(), ['approaches']);
		try {
			await saveDistrictConcept({ ctx, districtId: params.districtId, input: nestDotted(values) });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/districts/${params.districtId}/concept?notice=saved`);
	}
};
