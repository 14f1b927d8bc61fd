import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { gapAnalysis } from '$lib/server/gaps/gap-analysis';
import { gapTable, writeGapCsv, writeGapXlsx } from '$lib/server/gaps/gap-export';

/** GET …/gaps/export?format=csv|xlsx (&district, group, language): the matrix and the unmet needs as a file. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const format = url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'xlsx') error(404, 'Not Found');
	const analysis = await gapAnalysis(ctx.db.kysely, ctx.municipalityId, url.searchParams);
	if (!analysis) error(404, 'Not Found');
	const table = gapTable(analysis, translator(locals.locale));
	const body = format === 'csv' ? writeGapCsv(table) : await writeGapXlsx(table);
	return new Response(body as unknown as BodyInit, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="bedarfe-und-angebote.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
