import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { findImportRun } from '$lib/server/indicators/indicators.repository';
import { importRunFigures } from '$lib/server/indicators/grid-import';
import type { RegisterImportReport } from '$lib/server/indicators/register-import';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	const run = await findImportRun(ctx.db.kysely, ctx.municipalityId, params.importId);
	if (!run || run.kind !== 'register') error(404, 'Not found');
	return {
		run: { id: run.id, fileName: run.fileName, status: run.status, createdAt: run.createdAt, period: (run.mapping as { period: string }).period },
		report: run.report as RegisterImportReport,
		figures: await importRunFigures(ctx.db.kysely, ctx.municipalityId, run.id)
	};
};
