import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { ValidationError } from '$lib/server/core/errors';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { listIndicators } from '$lib/server/indicators/indicators.repository';
import { findDraft, isDraft, readDraftTable, saveDraftMapping } from '$lib/server/indicators/import-wizard';
import { formFromMapping, mappingFromForm, suggestForm } from '$lib/server/indicators/import-mapping-form';
import { columnConventions } from '$lib/server/statistics/import/table-file';

async function draftTable(locals: App.Locals, url: URL, importId: string) {
	const ctx = tenantContext(locals, url);
	const found = await findDraft(ctx.db.kysely, ctx.municipalityId, importId, 'observations');
	if (!found) error(404, 'Not Found');
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	if (!isDraft(found.run)) redirect(303, url.pathname.replace(/\/mapping$/, ''));
	const { read, settings } = await readDraftTable(ctx.db.kysely, ctx.municipalityId, importId);
	if (!read.ok) redirect(303, url.pathname.replace(/\/mapping$/, ''));
	const indicators = (await listIndicators(ctx.db.kysely, ctx.municipalityId)).map((i) => ({ id: i.id, key: i.key, name: i.name, unit: i.unit, valueKind: i.valueKind }));
	return { ctx, run: found.run, table: read.table, settings, indicators };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { run, table, settings, indicators } = await draftTable(locals, url, params.importId);
	const form = settings.mapping ? formFromMapping(settings.mapping) : suggestForm(table.header, indicators);
	return {
		run: { id: run.id, fileName: run.fileName },
		header: table.header,
		samples: table.header.map((_, c) => table.rows.slice(0, 3).map((r) => r.cells[c]).filter(Boolean).join(' · ')),
		indicators,
		form
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const { ctx, table, indicators } = await draftTable(locals, url, params.importId);
		const values = formValues(await request.formData());
		const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
		try {
			const mapping = mappingFromForm(table.header, flat, indicators, columnConventions(table));
			await saveDraftMapping({ ctx, importId: params.importId, mapping });
		} catch (e) {
			if (e instanceof ValidationError) return fail(422, { errors: e.fieldErrors, values: flat });
			return failFromError(e, flat);
		}
		redirect(303, `/m/${params.municipality}/statistics/import/${params.importId}/report`);
	}
};
