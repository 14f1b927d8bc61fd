import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { findGridImport, importRunFigures, type GridImportReport } from '$lib/server/indicators/grid-import';
import { findJobById } from '$lib/server/jobs/jobs.repository';
import { liveJobProgress } from '$lib/server/jobs/runner';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const run = await findGridImport(ctx.db.kysely, ctx.municipalityId, params.importId);
	if (!run) error(404, 'Not found');
	const job = run.jobId ? await findJobById(ctx.db.kysely, run.jobId) : undefined;
	const live = run.jobId ? liveJobProgress(run.jobId) : undefined;
	const done = run.status === 'succeeded' || run.status === 'failed';
	return {
		run: { id: run.id, fileName: run.fileName, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt, settings: run.mapping as { period: string; target: string; level?: string } },
		report: done ? (run.report as GridImportReport) : null,
		progress: live ?? (job ? { done: job.progressDone, total: job.progressTotal } : null),
		jobError: job?.status === 'failed' ? job.error : null,
		figures: run.status === 'succeeded' ? await importRunFigures(ctx.db.kysely, ctx.municipalityId, run.id) : null
	};
};
