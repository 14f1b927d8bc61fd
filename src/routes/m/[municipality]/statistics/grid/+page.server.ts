import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { listImportRuns } from '$lib/server/indicators/indicators.repository';
import { uploadFromForm, uploadLimitBytes } from '$lib/server/indicators/import-wizard';
import { gridImportOptions, startGridImport } from '$lib/server/indicators/grid-import';
import { notifyJobRunner } from '$lib/server/jobs/server-runner';
import { gridUploadMaxBytes, isUploadId, type GridFileSource } from '$lib/server/indicators/grid-uploads';
import { defaultColumnKind } from '$lib/server/statistics/import/zensus-grid';

/** The value columns of the Zensus population grid and the catalogue keys proposed for them. */
const COLUMNS = [
	{ column: 'Einwohner', key: 'population' },
	{ column: 'AnteilAuslaender', key: 'foreigners_share' },
	{ column: 'Durchschnittsalter', key: 'mean_age' }
];

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const options = await gridImportOptions(ctx.db.kysely, ctx.municipalityId);
	const runs = (await listImportRuns(ctx.db.kysely, ctx.municipalityId, 50)).filter((r) => r.kind === 'zensus-grid').slice(0, 20);
	return {
		...options,
		columns: COLUMNS.map((c) => ({ ...c, key: options.indicators.some((i) => i.key === c.key) ? c.key : '' })),
		/** Without JavaScript the file travels in the form body; with it, in chunks up to the grid upload limit. */
		formMaxBytes: uploadLimitBytes(),
		maxBytes: gridUploadMaxBytes(),
		runs: runs.map((r) => ({ id: r.id, fileName: r.fileName, status: r.status, createdAt: r.createdAt, inserted: r.insertedCount, updated: r.updatedCount }))
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
		delete values.population;
		const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string).trim() : '');
		// A file sent in chunks beforehand (JavaScript) is named by its upload id; otherwise it is in the form.
		const source = async (field: 'file' | 'population', required: boolean): Promise<GridFileSource | null | { error: string; params?: Record<string, string | number> }> => {
			const id = str(`upload.${field}`);
			if (id) return isUploadId(id) ? { uploadId: id } : { error: 'statistics.grid.error.uploadIncomplete' };
			const f = fd.get(field);
			if (!required && (!f || typeof f === 'string' || (f.size === 0 && !f.name))) return null;
			const r = await uploadFromForm(fd, field);
			return r.ok ? { bytes: r.bytes, fileName: r.fileName } : { error: r.error, params: r.params };
		};
		const value = await source('file', true);
		const population = await source('population', false);
		const errors: Record<string, string[]> = {};
		if (value && 'error' in value) errors.file = [value.error];
		if (population && 'error' in population) errors.population = [population.error];
		if (Object.keys(errors).length) {
			const tooLarge = [value, population].some((x) => x && 'error' in x && x.error.endsWith('tooLarge'));
			return fail(tooLarge ? 413 : 422, { errors, values });
		}
		const target = str('target');
		const columns = [0, 1, 2, 3, 4]
			.map((i) => ({ column: str(`column.${i}`), indicatorKey: str(`indicator.${i}`) }))
			.filter((c) => c.column && c.indicatorKey)
			.map((c) => ({ ...c, kind: defaultColumnKind(c.column) }));
		let importId: string;
		try {
			const r = await startGridImport({
				ctx,
				files: { value: value as GridFileSource, population: population as GridFileSource | null },
				input: { target: target === 'districts' ? 'districts' : 'areas', level: target.startsWith('level:') ? target.slice(6) : undefined, period: str('period'), columns }
			});
			importId = r.importRunId;
		} catch (e) {
			return failFromError(e, values);
		}
		notifyJobRunner();
		redirect(303, `/m/${params.municipality}/statistics/grid/${importId}`);
	}
};
