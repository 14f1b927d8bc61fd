import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { findJobById } from '../jobs/jobs.repository';
import { JobRunner } from '../jobs/runner';
import { jobHandlers } from '../jobs/server-runner';
import { readTableFile } from '../statistics/import/table-file';
import { importObservations } from '../statistics/import/observations-import';
import { saveStatisticalAreas } from './save-statistical-areas';
import { findImportRun, listAreas, listIndicators } from './indicators.repository';
import { formFromMapping, mappingFromForm, suggestForm, type MappingIndicator } from './import-mapping-form';
import { isDraft, checkDraft, confirmBoundaryDraft, confirmObservationDraft, createImportDraft, discardDraft, readDraftBoundaries, readDraftTable, saveDraftMapping, uploadLimitBytes } from './import-wizard';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../statistics/import/fixtures/${name}`, import.meta.url)));
const latin1 = fixture('statistik-latin1.csv');

const indicators: MappingIndicator[] = [
	{ key: 'population', name: 'Einwohner/-innen', valueKind: 'count' },
	{ key: 'foreigners_share', name: 'Anteil Ausländer/-innen', valueKind: 'share' },
	{ key: 'unemployment_share', name: 'Arbeitslosenanteil', valueKind: 'share' }
];
const header = ['Schlüssel', 'Stadtteil', 'Jahr', 'Einwohner', 'Ausländer', 'Anteil Ausländer %', 'Arbeitslose'];

describe('mapping form (pure)', () => {
	it('proposes area, period and value columns from the header', () => {
		expect(suggestForm(header, indicators)).toEqual({ areaColumn: '0', areaBy: 'code', periodColumn: '2', 'value.population': '3', 'value.foreigners_share': '5' });
	});

	it('builds a mapping where one column serves as value and as denominator, and the value of a share is optional', () => {
		const m = mappingFromForm(header, { areaColumn: '0', areaBy: 'code', periodColumn: '2', 'value.population': '3', 'numerator.foreigners_share': '4', 'denominator.foreigners_share': '3' }, indicators);
		expect(m).toEqual({
			area: { column: 0, by: 'code' },
			period: { column: 2 },
			values: [
				{ indicatorKey: 'population', column: 3 },
				{ indicatorKey: 'foreigners_share', numeratorColumn: 4, denominatorColumn: 3 }
			]
		});
		expect(mappingFromForm(header, formFromMapping(m), indicators)).toEqual(m);
	});

	it('reports every problem by field', () => {
		const fail = (form: Record<string, string>) => {
			try {
				mappingFromForm(header, form, indicators);
			} catch (e) {
				return (e as ValidationError).fieldErrors;
			}
			throw new Error('no error');
		};
		expect(fail({})).toEqual({ areaColumn: ['statistics.mapping.error.areaMissing'], fixedPeriod: ['statistics.mapping.error.periodMissing'], _form: ['statistics.mapping.error.noValues'] });
		expect(fail({ areaColumn: '9', fixedPeriod: '2023', 'value.population': '3' })).toEqual({ areaColumn: ['error.invalidChoice'] });
		expect(fail({ areaColumn: '0', fixedPeriod: '23.13.2023', 'value.population': '3' })).toEqual({ fixedPeriod: ['statistics.mapping.error.periodInvalid'] });
		expect(fail({ areaColumn: '0', periodColumn: '2', fixedPeriod: '2023', 'numerator.foreigners_share': '4' })).toEqual({
			fixedPeriod: ['statistics.mapping.error.periodBoth'],
			'denominator.foreigners_share': ['statistics.mapping.error.pairIncomplete']
		});
		expect(fail({ areaColumn: '0', fixedPeriod: '2023', 'numerator.population': '4', 'denominator.population': '3' })).toEqual({ 'value.population': ['statistics.mapping.error.valueRequired'] });
		expect(mappingFromForm(header, { areaColumn: '1', areaBy: 'name', fixedPeriod: '31.12.2023', 'value.population': '3' }, indicators).period).toEqual({ fixed: '2023-12-31' });
	});

	it('a share mapped by numerator and denominator only needs no value column (import layer)', () => {
		const out = importObservations({
			header: ['Gebiet', 'Zähler', 'Nenner'],
			rows: [{ row: 2, cells: ['01', '25', '200'] }],
			mapping: { area: { column: 0, by: 'code' }, period: { fixed: '2023' }, values: [{ indicatorKey: 's', numeratorColumn: 1, denominatorColumn: 2 }] },
			areas: [{ id: 'a', code: '01', name: 'A' }],
			indicators: [{ key: 's', kind: 'share', scale: 100 }]
		});
		expect(out.issues).toEqual([]);
		expect(out.records[0]).toMatchObject({ value: 12.5, numerator: 25, denominator: 200 });
		const missing = importObservations({
			header: ['Gebiet', 'Zähler'],
			rows: [],
			mapping: { area: { column: 0, by: 'code' }, period: { fixed: '2023' }, values: [{ indicatorKey: 's', numeratorColumn: 1 }] },
			areas: [],
			indicators: [{ key: 's', kind: 'share' }]
		});
		expect(missing.issues.map((i) => i.code)).toEqual(['valueColumnMissing']);
	});

	it('keeps the upload limit below the server body limit', () => {
		expect(uploadLimitBytes('2M')).toBe(2 * 1024 * 1024 - 64 * 1024);
		expect(uploadLimitBytes(undefined)).toBe(50 * 1024 * 1024);
		expect(uploadLimitBytes('512K')).toBe(448 * 1024);
	});
});

describe.each(dbKinds())('import wizard [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	const count = async (table: 'import_run' | 'observation' | 'audit_entry' | 'statistical_area' | 'job', municipalityId?: string) =>
		Number(
			(
				await t.db.kysely
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.$if(!!municipalityId, (q) => q.where('municipality_id', '=', municipalityId!))
					.executeTakeFirstOrThrow()
			).n
		);
	const mappingForm = { areaColumn: '0', areaBy: 'code', periodColumn: '2', 'value.population': '3', 'numerator.foreigners_share': '4', 'denominator.foreigners_share': '3' };

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Musterstadt');
		b = await createTenant(t.db, 'Andere Stadt');
		// Area 04 (Weststadt-Müggenhof) is missing on purpose: the report must name it.
		await saveStatisticalAreas({
			ctx: a.ctx,
			input: { areas: [['01', 'Altstadt'], ['02', 'Nordstadt'], ['03', 'Südviertel'], ['05', 'Ostend'], ['06', 'Weststadt']].map(([code, name]) => ({ code, name, level: 'district-region' })) }
		});
	});
	afterAll(async () => t?.cleanup());

	async function mappedDraft(ctx = a.ctx) {
		const up = await createImportDraft({ ctx, kind: 'observations', fileName: 'statistik-latin1.csv', bytes: latin1 });
		if (!up.ok) throw new Error(JSON.stringify(up.issues));
		const { read } = await readDraftTable(t.db.kysely, ctx.principal.municipalityId, up.importId);
		if (!read.ok) throw new Error('unreadable');
		const inds = (await listIndicators(t.db.kysely, ctx.principal.municipalityId)).map((i) => ({ key: i.key, name: i.name, valueKind: i.valueKind }));
		await saveDraftMapping({ ctx, importId: up.importId, mapping: mappingFromForm(read.table.header, mappingForm, inds) });
		return up.importId;
	}

	it('refuses an empty or wrong file at upload and stores nothing', async () => {
		const before = await count('import_run');
		const empty = await createImportDraft({ ctx: a.ctx, kind: 'observations', fileName: 'leer.csv', bytes: new Uint8Array() });
		expect(empty).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'emptyFile' })] });
		const pdf = await createImportDraft({ ctx: a.ctx, kind: 'observations', fileName: 'x.csv', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]) });
		expect(pdf.ok).toBe(false);
		expect(await count('import_run')).toBe(before);
	});

	it('stores the upload as a draft, reads it back with the detected conventions, reports the unmatched area', async () => {
		const audits = await count('audit_entry', a.municipality.id);
		const id = await mappedDraft();
		expect(await count('audit_entry', a.municipality.id)).toBe(audits + 2);
		const { read, run } = await readDraftTable(t.db.kysely, a.municipality.id, id);
		expect(run).toMatchObject({ status: 'queued', jobId: null, kind: 'observations', fileName: 'statistik-latin1.csv' });
		expect(isDraft(run)).toBe(true);
		expect(read.ok && read.table).toMatchObject({ format: 'csv', encoding: 'windows-1252', separator: ';' });
		const report = await checkDraft(t.db.kysely, a.municipality.id, id);
		expect(report.validated?.errorCount).toBe(1);
		expect(report.validated?.result.unmatchedAreas).toEqual([{ value: '04', rows: [6], suggestions: expect.any(Array) }]);
		// Confirming with errors is refused and nothing is written; the draft stays.
		await expect(confirmObservationDraft({ ctx: a.ctx, importId: id })).rejects.toBeInstanceOf(ConflictError);
		expect(await count('observation', a.municipality.id)).toBe(0);
		expect(isDraft((await findImportRun(t.db.kysely, a.municipality.id, id))!)).toBe(true);
	});

	it('imports the rest when unmatched rows are skipped; a re-import updates instead of duplicating', async () => {
		const id = await mappedDraft();
		const skip = await checkDraft(t.db.kysely, a.municipality.id, id, { skipUnmatched: true });
		expect(skip.validated?.errorCount).toBe(0);
		const r = await confirmObservationDraft({ ctx: a.ctx, importId: id, skipUnmatched: true });
		expect(r.mode).toBe('done');
		if (r.mode !== 'done') return;
		expect(r.outcome.ok).toBe(true);
		expect(r.outcome.report).toMatchObject({ inserted: 8, updated: 0, skippedRows: 1 });
		expect(r.outcome.run).toMatchObject({ status: 'succeeded', insertedCount: 8 });
		const stored = await t.db.kysely.selectFrom('import_run').select('file_content').where('id', '=', id).executeTakeFirstOrThrow();
		expect(stored.file_content).toBeNull();
		// The finished run is no draft any more.
		await expect(confirmObservationDraft({ ctx: a.ctx, importId: id, skipUnmatched: true })).rejects.toBeInstanceOf(ConflictError);

		const again = await confirmObservationDraft({ ctx: a.ctx, importId: await mappedDraft(), skipUnmatched: true });
		expect(again.mode === 'done' && again.outcome.report).toMatchObject({ inserted: 0, updated: 8 });
		expect(await count('observation', a.municipality.id)).toBe(8);
	});

	it('hands a large table to the job runner', async () => {
		const id = await mappedDraft();
		const r = await confirmObservationDraft({ ctx: a.ctx, importId: id, skipUnmatched: true, syncMaxRows: 2 });
		expect(r.mode).toBe('queued');
		if (r.mode !== 'queued') return;
		expect(await findImportRun(t.db.kysely, a.municipality.id, id)).toMatchObject({ status: 'queued', jobId: r.jobId });
		const runner = new JobRunner({ db: t.db, handlers: jobHandlers, leaseMs: 30_000 });
		expect(await runner.runOnce()).toBe(true);
		expect(await findJobById(t.db.kysely, r.jobId)).toMatchObject({ status: 'succeeded', result: { ok: true, inserted: 0, updated: 8 } });
		expect(await findImportRun(t.db.kysely, a.municipality.id, id)).toMatchObject({ status: 'succeeded', updatedCount: 8 });
	});

	it('another municipality cannot see, map, confirm or discard a draft; other roles may not import', async () => {
		const id = await mappedDraft();
		const before = [await count('import_run'), await count('observation'), await count('audit_entry')];
		await expect(readDraftTable(t.db.kysely, b.municipality.id, id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(saveDraftMapping({ ctx: b.ctx, importId: id, mapping: { area: { column: 0 }, period: { fixed: '2023' }, values: [{ column: 3, indicatorKey: 'population' }] } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(confirmObservationDraft({ ctx: b.ctx, importId: id, skipUnmatched: true })).rejects.toBeInstanceOf(NotFoundError);
		await expect(discardDraft({ ctx: b.ctx, importId: id, kind: 'observations' })).rejects.toBeInstanceOf(NotFoundError);
		const partner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		await expect(confirmObservationDraft({ ctx: partner, importId: id, skipUnmatched: true })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createImportDraft({ ctx: partner, kind: 'observations', fileName: 'x.csv', bytes: latin1 })).rejects.toBeInstanceOf(ForbiddenError);
		expect([await count('import_run'), await count('observation'), await count('audit_entry')]).toEqual(before);
		// Bad mapping input is a validation error and changes nothing.
		await expect(saveDraftMapping({ ctx: a.ctx, importId: id, mapping: { area: { column: -1 } } })).rejects.toBeInstanceOf(ValidationError);
		await discardDraft({ ctx: a.ctx, importId: id, kind: 'observations' });
		expect(await findImportRun(t.db.kysely, a.municipality.id, id)).toBeUndefined();
	});

	it('imports boundaries from a GeoJSON in EPSG:25832: preview, properties, confirm writes areas once', async () => {
		const up = await createImportDraft({ ctx: b.ctx, kind: 'boundaries', fileName: 'stadtteile-25832.geojson', bytes: fixture('stadtteile-25832.geojson'), settings: { level: 'district-region' } });
		if (!up.ok) throw new Error(JSON.stringify(up.issues));
		const preview = await readDraftBoundaries(t.db.kysely, b.municipality.id, up.importId);
		expect(preview.read).toMatchObject({ ok: true, crs: 'EPSG:25832', crsSource: 'file' });
		expect(preview.properties).toEqual(expect.arrayContaining(['schluessel', 'name']));
		const n = preview.read.features.length;
		// A property that is not unique is refused with a field error.
		await expect(confirmBoundaryDraft({ ctx: b.ctx, importId: up.importId, input: { codeProperty: 'nichtda', nameProperty: 'name', level: 'district-region' } })).rejects.toBeInstanceOf(ValidationError);
		expect(await count('statistical_area', b.municipality.id)).toBe(0);
		await expect(confirmBoundaryDraft({ ctx: a.ctx, importId: up.importId, input: { codeProperty: 'schluessel', nameProperty: 'name', level: 'district-region' } })).rejects.toBeInstanceOf(NotFoundError);
		const audits = await count('audit_entry', b.municipality.id);
		expect(await confirmBoundaryDraft({ ctx: b.ctx, importId: up.importId, input: { codeProperty: 'schluessel', nameProperty: 'name', level: 'district-region' } })).toEqual({ created: n, updated: 0 });
		expect(await count('audit_entry', b.municipality.id)).toBe(audits + 1);
		const areas = await listAreas(t.db.kysely, b.municipality.id);
		expect(areas).toHaveLength(n);
		expect(areas.every((x) => x.hasBoundary && x.level === 'district-region')).toBe(true);
		expect(await findImportRun(t.db.kysely, b.municipality.id, up.importId)).toMatchObject({ status: 'succeeded', insertedCount: n });
		const again = await createImportDraft({ ctx: b.ctx, kind: 'boundaries', fileName: 'x.geojson', bytes: fixture('stadtteile-4326.geojson'), settings: { level: 'district-region' } });
		if (!again.ok) throw new Error('unreadable');
		const props = (await readDraftBoundaries(t.db.kysely, b.municipality.id, again.importId)).properties;
		const code = props.find((p) => /schl/i.test(p)) ?? props[0];
		const name = props.find((p) => /name/i.test(p)) ?? props[0];
		const r2 = await confirmBoundaryDraft({ ctx: b.ctx, importId: again.importId, input: { codeProperty: code, nameProperty: name, level: 'district-region' } });
		expect(r2.created + r2.updated).toBeGreaterThan(0);
	});

	it('refuses an unreadable boundary file, keeps one whose CRS must be chosen', async () => {
		const bad = await createImportDraft({ ctx: b.ctx, kind: 'boundaries', fileName: 'x.geojson', bytes: new TextEncoder().encode('{"type":"nix"}') });
		expect(bad).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'geojsonInvalid' })] });
		const noCrs = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { c: 'X1', n: 'X' }, geometry: { type: 'Polygon', coordinates: [[[400000, 5800000], [401000, 5800000], [401000, 5801000], [400000, 5801000], [400000, 5800000]]] } }] }));
		const up = await createImportDraft({ ctx: b.ctx, kind: 'boundaries', fileName: 'x.geojson', bytes: noCrs });
		expect(up.ok).toBe(true);
		if (!up.ok) return;
		const p = await readDraftBoundaries(t.db.kysely, b.municipality.id, up.importId);
		expect(p.read.ok).toBe(false);
		expect(p.read.issues.map((i) => i.code)).toEqual([expect.stringMatching(/^crs(Unknown|Ambiguous)$/)]);
	});

	it('reads a draft table even when it is XLSX', async () => {
		const up = await createImportDraft({ ctx: a.ctx, kind: 'observations', fileName: 'statistik.xlsx', bytes: fixture('statistik.xlsx') });
		expect(up.ok).toBe(true);
		if (!up.ok) return;
		const { read } = await readDraftTable(t.db.kysely, a.municipality.id, up.importId);
		const direct = await readTableFile(fixture('statistik.xlsx'));
		expect(read.ok && direct.ok && read.table.rows).toEqual(direct.ok && direct.table.rows);
	});
});
