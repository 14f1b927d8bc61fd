import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { listAreas, listIndicators } from '$lib/server/indicators/indicators.repository';
import { checkDraft, confirmObservationDraft, findDraft, isDraft } from '$lib/server/indicators/import-wizard';

async function requireDraft(locals: App.Locals, url: URL, importId: string) {
	const ctx = tenantContext(locals, url);
	const found = await findDraft(ctx.db.kysely, ctx.municipalityId, importId, 'observations');
	if (!found) error(404, 'Not Found');
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	return { ctx, run: found.run };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { ctx, run } = await requireDraft(locals, url, params.importId);
	const wizard = `/m/${params.municipality}/statistics/import/${run.id}`;
	if (!isDraft(run)) redirect(303, wizard);
	// Unmatched areas are reported separately (they may be skipped); every other error blocks the import.
	const checked = await checkDraft(ctx.db.kysely, ctx.municipalityId, run.id, { skipUnmatched: true });
	if (!checked.read.ok) redirect(303, wizard);
	if (!checked.validated || !checked.settings.mapping) redirect(303, `${wizard}/mapping`);
	const { result, errorCount } = checked.validated;
	const [indicators, areas] = await Promise.all([listIndicators(ctx.db.kysely, ctx.municipalityId), listAreas(ctx.db.kysely, ctx.municipalityId)]);
	const names = new Map(indicators.map((i) => [i.key, i.name]));
	const perIndicator = new Map<string, number>();
	for (const r of result.records) perIndicator.set(r.indicatorKey, (perIndicator.get(r.indicatorKey) ?? 0) + 1);
	return {
		run: { id: run.id, fileName: run.fileName },
		rows: checked.read.table.rows.length,
		records: result.records.length,
		periods: [...new Set(result.records.map((r) => r.period))].sort(),
		perIndicator: [...perIndicator].map(([key, count]) => ({ key, name: names.get(key) ?? key, count })),
		skippedRows: result.skippedRows,
		emptyValues: result.emptyValues,
		duplicates: result.duplicates.length,
		unmatched: result.unmatchedAreas.map((u) => ({ value: u.value, rows: u.rows.slice(0, 20), moreRows: Math.max(0, u.rows.length - 20), suggestions: u.suggestions.map((s) => `${s.name} (${s.code})`) })),
		issues: result.issues.filter((i) => i.code !== 'areaUnmatched').slice(0, 500),
		issueCounts: Object.fromEntries(Object.entries(result.issueCounts).filter(([c]) => c !== 'areaUnmatched')),
		errorCount,
		knownAreas: areas.length
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const { ctx } = await requireDraft(locals, url, params.importId);
		const values = formValues(await request.formData());
		const skipUnmatched = values.skipUnmatched === 'on';
		let outcome: Awaited<ReturnType<typeof confirmObservationDraft>>;
		try {
			const checked = await checkDraft(ctx.db.kysely, ctx.municipalityId, params.importId);
			if (!skipUnmatched && checked.validated?.result.unmatchedAreas.length) return fail(422, { errors: { skipUnmatched: ['statistics.report.error.skipRequired'] }, values });
			outcome = await confirmObservationDraft({ ctx, importId: params.importId, skipUnmatched });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/statistics/import/${params.importId}${outcome.mode === 'done' ? '?notice=done' : ''}`);
	}
};
