import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { canManageIndicators } from '$lib/server/indicators/policies';
import { areaLevels } from '$lib/server/indicators/indicator-input';
import { confirmBoundaryDraft, discardDraft, findDraft, guessBoundaryProperties, isDraft, readDraftBoundaries, type BoundaryDraftSettings } from '$lib/server/indicators/import-wizard';
import { SUPPORTED_CRS, type CrsCode } from '$lib/server/statistics/import/crs';

const PREVIEW_ROWS = 300;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const draft = await findDraft(ctx.db.kysely, ctx.municipalityId, params.importId, 'boundaries');
	if (!draft) error(404, 'Not Found');
	if (!canManageIndicators(ctx.principal)) error(403, 'Forbidden');
	const { run } = draft;
	if (!isDraft(run) || !draft.bytes) {
		return { done: true as const, run: { fileName: run.fileName, status: run.status, created: run.insertedCount, updated: run.updatedCount, features: run.rowsTotal } };
	}
	const q = url.searchParams.get('crs');
	const crs = (SUPPORTED_CRS as readonly string[]).includes(q ?? '') ? (q as CrsCode) : undefined;
	const { read, settings, properties } = await readDraftBoundaries(ctx.db.kysely, ctx.municipalityId, run.id, { crs });
	const guess = guessBoundaryProperties(properties);
	const pick = (name: string, fallback: string) => {
		const v = url.searchParams.get(name);
		return v && properties.includes(v) ? v : fallback;
	};
	const codeProperty = pick('code', guess.codeProperty);
	const nameProperty = pick('name', guess.nameProperty);
	const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
	const byIndex = new Map(read.features.map((f) => [f.index, f]));
	const issuesOf = new Map<number, typeof read.issues>();
	for (const i of read.issues) if (i.feature !== undefined) issuesOf.set(i.feature, [...(issuesOf.get(i.feature) ?? []), i]);
	const rows = Array.from({ length: read.featureCount }, (_, index) => {
		const f = byIndex.get(index);
		const issues = issuesOf.get(index) ?? [];
		return {
			index,
			code: f ? text(f.properties[codeProperty]) : '',
			name: f ? text(f.properties[nameProperty]) : String(issues[0]?.params?.name ?? ''),
			type: f?.geometry.type ?? null,
			issues
		};
	});
	// Every feature with a problem, and the first others.
	const shown = rows.filter((r, i) => r.issues.length > 0 || i < PREVIEW_ROWS);
	return {
		done: false as const,
		run: { id: run.id, fileName: run.fileName },
		ok: read.ok,
		format: read.format ?? null,
		crs: read.crs ?? null,
		crsSource: read.ok ? read.crsSource : null,
		chosenCrs: crs ?? (settings as BoundaryDraftSettings).crs ?? '',
		fileIssues: read.issues.filter((i) => i.feature === undefined),
		featureCount: read.featureCount,
		validCount: read.features.length,
		rows: shown,
		hiddenRows: rows.length - shown.length,
		properties,
		codeProperty,
		nameProperty,
		level: (settings as BoundaryDraftSettings).level ?? 'planning-area',
		levels: areaLevels,
		crsList: SUPPORTED_CRS
	};
};

async function requireRun(locals: App.Locals, url: URL, id: string) {
	const ctx = tenantContext(locals, url);
	// Existence first: another municipality's id is 404 whatever the form says.
	if (!(await findDraft(ctx.db.kysely, ctx.municipalityId, id, 'boundaries'))) error(404, 'Not Found');
	return ctx;
}

export const actions: Actions = {
	confirm: async ({ request, locals, url, params }) => {
		const ctx = await requireRun(locals, url, params.importId);
		const values = formValues(await request.formData());
		let counts: { created: number; updated: number };
		try {
			counts = await confirmBoundaryDraft({ ctx, importId: params.importId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/statistics/areas?created=${counts.created}&updated=${counts.updated}`);
	},
	discard: async ({ locals, url, params }) => {
		const ctx = await requireRun(locals, url, params.importId);
		try {
			await discardDraft({ ctx, importId: params.importId, kind: 'boundaries' });
		} catch (e) {
			return failFromError(e, {});
		}
		redirect(303, `/m/${params.municipality}/statistics/areas/import`);
	}
};
