import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canManageIndicators } from '$lib/server/indicators/policies';
import { areaLevels } from '$lib/server/indicators/indicator-input';
import { createImportDraft, uploadFromForm, uploadLimitBytes } from '$lib/server/indicators/import-wizard';
import { SUPPORTED_CRS } from '$lib/server/statistics/import/crs';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canManageIndicators(ctx.principal)) error(403, 'Forbidden');
	return { levels: areaLevels, crsList: SUPPORTED_CRS, maxBytes: uploadLimitBytes() };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		let fd: FormData;
		try {
			fd = await request.formData();
		} catch {
			return fail(413, { errors: { file: ['statistics.upload.error.tooLarge'] }, values: {}, issues: [] });
		}
		const values = formValues(fd);
		const file = await uploadFromForm(fd);
		if (!file.ok) return fail(422, { errors: { file: [file.error] }, values, issues: [] });
		let importId: string;
		try {
			const r = await createImportDraft({ ctx, kind: 'boundaries', fileName: file.fileName, bytes: file.bytes, settings: { level: values.level, crs: values.crs } });
			if (!r.ok) return fail(422, { errors: { file: ['statistics.upload.error.unreadable'] }, values, issues: r.issues });
			importId = r.importId;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/statistics/areas/import/${importId}`);
	}
};
