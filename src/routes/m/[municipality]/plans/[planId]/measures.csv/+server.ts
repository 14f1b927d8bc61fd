import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { measureStatuses } from '$lib/domain/plans';
import { findPlan } from '$lib/server/plans/plans.repository';
import { listMeasures, measureFilterFromQuery } from '$lib/server/plans/measures.repository';
import { measuresCsv } from '$lib/server/plans/plan-csv';

/** The (filtered) plan table as a German CSV file for spreadsheet programs. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const plan = await findPlan(ctx.db.kysely, ctx.municipalityId, params.planId);
	if (!plan) error(404, 'Not Found');
	const t = translator(locals.locale);
	const measures = await listMeasures(ctx.db.kysely, ctx.municipalityId, { planId: plan.id, ...measureFilterFromQuery(url.searchParams, measureStatuses) });
	const name = `${t('plan.csvFile')}-${plan.districtName}`.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/-+/g, '-').toLowerCase();
	return new Response(measuresCsv(measures, t), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
