import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { surveyForPage } from '$lib/server/surveys/survey-page';
import { surveyResults } from '$lib/server/surveys/survey-results';
import { crossTabTable, resultsTable } from '$lib/server/surveys/results-view';
import { rawAnswersTable } from '$lib/server/surveys/raw-export';
import { canReadRawAnswers, canViewResults } from '$lib/server/surveys/policies';
import { toCsv, toXlsx, type ExportTable } from '$lib/server/statistics/views/export';
import { fileSlug } from '$lib/server/statistics/views/format';

/** Downloads: aggregates and cross-tabs after disclosure control for result readers; raw answers only for admin/coordination. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const survey = await surveyForPage(ctx, params.surveyId);
	if (!canViewResults(ctx.principal, survey.districtId)) error(403, 'Forbidden');
	const format = url.searchParams.get('format');
	const what = url.searchParams.get('what') ?? 'aggregate';
	if (format !== 'csv' && format !== 'xlsx') error(400, 'Bad Request');
	let table: ExportTable;
	if (what === 'raw') {
		if (!canReadRawAnswers(ctx.principal, survey.districtId)) error(403, 'Forbidden');
		table = await rawAnswersTable(ctx.db.kysely, ctx.municipalityId, survey, locals.locale);
	} else {
		const r = await surveyResults(ctx.db.kysely, ctx.municipalityId, survey.id);
		if (what === 'crosstab') {
			const ct = r.crossTab(url.searchParams.get('rows') ?? '', url.searchParams.get('cols') ?? '');
			if (!ct) error(400, 'Bad Request');
			table = crossTabTable(ct, r, locals.locale);
		} else if (what === 'aggregate') table = resultsTable(r, locals.locale);
		else error(400, 'Bad Request');
	}
	const name = `${fileSlug(survey.title) || 'umfrage'}-${what}`;
	const headers = { 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}.${format}"` };
	if (format === 'csv') return new Response(toCsv(table), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	return new Response(new Uint8Array(await toXlsx(table)), { headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
};
