import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { discardDraft, findDraft, isDraft, readDraftTable } from '$lib/server/indicators/import-wizard';
import type { ImportReport } from '$lib/server/indicators/import-observations';
import { findJob } from '$lib/server/jobs/jobs.repository';
import { liveJobProgress } from '$lib/server/jobs/runner';
import { columnConventions } from '$lib/server/statistics/import/table-file';

const PREVIEW_ROWS = 10;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const found = await findDraft(ctx.db.kysely, ctx.municipalityId, params.importId, 'observations');
	if (!found) error(404, 'Not Found');
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const { run } = found;
	const base = { id: run.id, fileName: run.fileName, rowsTotal: run.rowsTotal };
	if (isDraft(run)) {
		const { read } = await readDraftTable(ctx.db.kysely, ctx.municipalityId, run.id);
		if (!read.ok) return { view: 'unreadable' as const, run: base, issues: read.issues };
		const conventions = columnConventions(read.table);
		const numeric = conventions.filter((_, c) => read.table.rows.slice(0, 200).some((r) => /\d/.test(r.cells[c] ?? '')));
		const comma = numeric.filter((c) => c === 'comma').length;
		return {
			view: 'preview' as const,
			run: base,
			table: {
				format: read.table.format,
				encoding: read.table.encoding ?? null,
				separator: read.table.separator ?? null,
				sheet: read.table.sheet || null,
				decimal: comma >= numeric.length - comma ? 'comma' : 'point',
				header: read.table.header,
				rows: read.table.rows.slice(0, PREVIEW_ROWS),
				rowCount: read.table.rows.length,
				skippedEmptyRows: read.table.skippedEmptyRows
			},
			issues: read.issues
		};
	}
	if (run.status === 'queued' || run.status === 'running') {
		const job = run.jobId ? await findJob(ctx.db.kysely, ctx.municipalityId, run.jobId) : undefined;
		const live = run.jobId ? liveJobProgress(run.jobId) : undefined;
		const done = live?.done ?? job?.progressDone ?? 0;
		const total = live?.total ?? job?.progressTotal ?? null;
		return { view: 'progress' as const, run: base, progress: { done, total, percent: total ? Math.min(100, Math.round((done / total) * 100)) : null, status: run.status } };
	}
	const report = run.report as Partial<ImportReport>;
	return {
		view: 'result' as const,
		run: { ...base, status: run.status, inserted: run.insertedCount, updated: run.updatedCount, errors: run.errorCount, finishedAt: run.finishedAt },
		report: {
			records: report.records ?? 0,
			skippedRows: report.skippedRows ?? 0,
			emptyValues: report.emptyValues ?? 0,
			failure: report.failure ?? null,
			issues: (report.issues ?? []).slice(0, 500),
			issueCounts: report.issueCounts ?? {}
		}
	};
};

export const actions: Actions = {
	discard: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		if (!(await findDraft(ctx.db.kysely, ctx.municipalityId, params.importId, 'observations'))) error(404, 'Not Found');
		try {
			await discardDraft({ ctx, importId: params.importId, kind: 'observations' });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/statistics/import`);
	}
};
