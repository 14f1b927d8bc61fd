import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { uploadFromForm, uploadLimitBytes } from '$lib/server/indicators/import-wizard';
import { gridImportOptions } from '$lib/server/indicators/grid-import';
import { importRegisterExtract, registerFields, registerOutputs, type RegisterField } from '$lib/server/indicators/register-import';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const options = await gridImportOptions(ctx.db.kysely, ctx.municipalityId);
	const keys = new Set(options.indicators.map((i) => i.key));
	return {
		indicators: options.indicators,
		fields: (Object.keys(registerFields) as RegisterField[]).map((f) => ({ field: f, proposal: f === 'age' ? '' : registerFields[f][0], required: f === 'area' || f === 'citizenship' })),
		outputs: registerOutputs.map((o) => ({ output: o.output, key: keys.has(o.defaultKey) ? o.defaultKey : '' })),
		maxBytes: uploadLimitBytes()
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		let fd: FormData;
		try {
			fd = await request.formData();
		} catch {
			return fail(413, { errors: { file: ['statistics.upload.error.tooLarge'] }, values: {} });
		}
		const values = formValues(fd);
		delete values.file;
		const file = await uploadFromForm(fd);
		if (!file.ok) return fail(file.error.endsWith('tooLarge') ? 413 : 422, { errors: { file: [file.error] }, values });
		const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
		let importId: string;
		try {
			// The bytes live only in this request: they are parsed, counted and dropped.
			const r = await importRegisterExtract({
				ctx,
				fileName: file.fileName,
				bytes: file.bytes,
				input: {
					period: str('period'),
					referenceDate: str('referenceDate'),
					columns: Object.fromEntries(Object.keys(registerFields).map((f) => [f, str(`columns.${f}`)])),
					indicators: Object.fromEntries(registerOutputs.map((o) => [o.output, str(`indicators.${o.output}`)]))
				}
			});
			if (!r.ok) return fail(422, { errors: r.errors, values });
			importId = r.importRunId;
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/statistics/register/${importId}`);
	}
};
