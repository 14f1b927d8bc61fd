import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { createDistrict } from '../districts/create-district';
import { readTableFile, type TableFile } from '../statistics/import/table-file';
import { findJobById } from '../jobs/jobs.repository';
import { JobRunner } from '../jobs/runner';
import { jobHandlers } from '../jobs/server-runner';
import { handbookIndicators } from './seed-indicators';
import { createIndicator } from './create-indicator';
import { updateIndicator } from './update-indicator';
import { deleteIndicator } from './delete-indicator';
import { saveStatisticalAreas } from './save-statistical-areas';
import { linkDistrictAreas } from './link-district-areas';
import { upsertObservations, UnknownReferenceError } from './upsert-observations';
import { importObservationTable, startObservationImport } from './import-observations';
import { findImportRun, findIndicatorByKey, listAreas, listDistrictAreaIds, listImportRuns, listIndicators, listPeriods } from './indicators.repository';
import { districtProfile, districtProfileOf, indicatorAcrossAreas, timeSeries } from './indicator-figures';
import { discloseObservations } from './disclose';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));

/** The real file, parsed the way a user's upload is. */
async function table(name: string): Promise<TableFile> {
	const r = await readTableFile(fixture(name), { filename: name });
	if (!r.ok) throw new Error(JSON.stringify(r.issues));
	return r.table;
}

/** Raw rows of the 2024 fixture for expected values. */
function raw2024() {
	const [, ...lines] = fixture('neukoelln-2024.csv').toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
	return lines.map((l) => {
		const c = l.split(';');
		return { code: c[0], name: c[1], pop: +c[3], u6: +c[4], a6: +c[5], a15: +c[6], foreigners: +c[7], migration: +c[8] };
	});
}

// Column 99 does not exist: a share given only by numerator and denominator has an empty value column.
const NONE = 99;
const mapping2024 = {
	area: { column: 0, by: 'code' },
	period: { column: 2 },
	values: [
		{ column: 3, indicatorKey: 'population' },
		{ column: NONE, indicatorKey: 'age_under_6_share', numeratorColumn: 4, denominatorColumn: 3 },
		{ column: NONE, indicatorKey: 'age_15_18_share', numeratorColumn: 6, denominatorColumn: 3 },
		{ column: NONE, indicatorKey: 'foreigners_share', numeratorColumn: 7, denominatorColumn: 3 },
		{ column: NONE, indicatorKey: 'migration_background_share', numeratorColumn: 8, denominatorColumn: 3 }
	]
};
const mapping2020 = {
	area: { column: 0, by: 'code' },
	period: { column: 2 },
	values: [
		{ column: 3, indicatorKey: 'population' },
		{ column: 4, indicatorKey: 'foreigners_share' }
	]
};

const countObs = (t: TestDb, municipalityId?: string) =>
	t.db.kysely
		.selectFrom('observation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.$if(!!municipalityId, (q) => q.where('municipality_id', '=', municipalityId!))
		.executeTakeFirstOrThrow()
		.then((r) => Number(r.n));
const countTable = (t: TestDb, table: 'audit_entry' | 'indicator' | 'import_run' | 'statistical_area' | 'district_area') =>
	t.db.kysely
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow()
		.then((r) => Number(r.n));

describe('discloseObservations (pure)', () => {
	const count = { valueKind: 'count' as const, disclosureMin: 3, scale: 100 };
	const share = { valueKind: 'share' as const, disclosureMin: 3, scale: 100 };
	const f = (value: number | null, numerator: number | null = null, denominator: number | null = null, suppressed = false) => ({ value, numerator, denominator, suppressed });

	it('suppresses small counts and, with a published total, a complementary cell', () => {
		const r = discloseObservations(count, [f(2), f(10), f(40), f(0)], { total: 'sum' });
		// The complementary cell is the smallest remaining inner cell (here the zero), never a lone one.
		expect(r.figures.map((x) => x.value)).toEqual([null, 10, 40, null]);
		expect(r.figures[0].flags).toContain('suppressed-primary');
		expect(r.figures[3].flags).toContain('suppressed-secondary');
		expect(r.total?.value).toBe(52);
		// Without a total only the primary rule applies.
		expect(discloseObservations(count, [f(2), f(10)]).figures.map((x) => x.value)).toEqual([null, 10]);
	});

	it('suppresses a share whose numerator is small and keeps source flags', () => {
		const r = discloseObservations(share, [f(null, 2, 50), { ...f(null, 20, 50), provisional: true }, f(null, null, null, true)]);
		expect(r.figures[0]).toMatchObject({ value: null, numerator: null, denominator: 50 });
		expect(r.figures[1]).toMatchObject({ value: 40, flags: ['provisional'] });
		expect(r.figures[2].value).toBeNull();
	});

	it('an unknown (source-suppressed) member makes the total unknown, so the others can stay', () => {
		const r = discloseObservations(count, [f(null, null, null, true), f(100), f(200)], { total: 'sum' });
		expect(r.total?.value).toBeNull();
		expect(r.figures.map((x) => x.value)).toEqual([null, 100, 200]);
	});
});

describe.each(dbKinds())('indicators [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let areaIds: Record<string, string>;
	let bAreaId: string;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Neukölln');
		b = await createTenant(t.db, 'Andere Stadt');
		const rows = raw2024();
		const regions = [...new Set(rows.map((r) => r.code.slice(0, 6)))].map((code) => ({ code, name: `Bezirksregion ${code}`, level: 'district-region' }));
		const saved = await saveStatisticalAreas({
			ctx: a.ctx,
			input: { areas: [...regions, ...rows.map((r) => ({ code: r.code, name: r.name, level: 'planning-area', parentCode: r.code.slice(0, 6) }))] }
		});
		areaIds = saved.ids;
		bAreaId = (await saveStatisticalAreas({ ctx: b.ctx, input: { areas: [{ code: '08100101', name: 'Hasenheide', level: 'planning-area' }] } })).ids['08100101'];
	}, 60_000);
	afterAll(async () => t.cleanup());

	it('seeds the handbook indicators for every new municipality', async () => {
		const list = await listIndicators(t.db.kysely, a.municipality.id);
		expect(list.map((i) => i.key)).toEqual(handbookIndicators.map((i) => i.key));
		expect(list.find((i) => i.key === 'child_poverty_share')).toMatchObject({ direction: 'higher_is_worse', valueKind: 'share', unit: '%', disclosureMin: 3 });
		expect(list.find((i) => i.key === 'population')).toMatchObject({ valueKind: 'count', name: 'Einwohner/-innen' });
		expect(list.find((i) => i.key === 'migration_background_share')?.direction).toBe('neutral');
		for (const key of ['education_transition_gymnasium', 'school_entry_language_support', 'unemployment_share', 'transfer_benefits_share', 'children_youth_share', 'foreigners_share'])
			expect(list.some((i) => i.key === key), key).toBe(true);
		expect((await listIndicators(t.db.kysely, b.municipality.id)).length).toBe(handbookIndicators.length);
	});

	it('saves statistical areas by code with parents, and links them to a district', async () => {
		const areas = await listAreas(t.db.kysely, a.municipality.id, 'planning-area');
		expect(areas).toHaveLength(46);
		expect(areas.find((x) => x.code === '08100102')).toMatchObject({ name: 'Schillerpromenade Nord', parentId: areaIds['081001'] });
		// Saving again updates instead of duplicating.
		const again = await saveStatisticalAreas({ ctx: a.ctx, input: { areas: [{ code: '08100102', name: 'Schillerpromenade Nord', level: 'planning-area', population: 8181 }] } });
		expect(again).toMatchObject({ created: 0, updated: 1 });
		expect(await listAreas(t.db.kysely, a.municipality.id, 'planning-area')).toHaveLength(46);
		const err = await saveStatisticalAreas({ ctx: a.ctx, input: { areas: [{ code: 'X1', name: 'x', level: 'planning-area', parentCode: 'NOPE' }] } }).catch((e) => e);
		expect(err).toBeInstanceOf(ValidationError);
		expect(await listAreas(t.db.kysely, a.municipality.id)).toHaveLength(46 + new Set(raw2024().map((r) => r.code.slice(0, 6))).size);

		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Schillerpromenade', code: 'SP' } });
		const ids = [areaIds['08100102'], areaIds['08100103']];
		await linkDistrictAreas({ ctx: a.ctx, input: { districtId: district.id, areaIds: ids } });
		expect(await listDistrictAreaIds(t.db.kysely, a.municipality.id, district.id)).toEqual([...ids].sort());
		// Another municipality's area or district: rejected, nothing changed.
		const before = await countTable(t, 'district_area');
		await expect(linkDistrictAreas({ ctx: a.ctx, input: { districtId: district.id, areaIds: [bAreaId] } })).rejects.toBeInstanceOf(ValidationError);
		await expect(linkDistrictAreas({ ctx: b.ctx, input: { districtId: district.id, areaIds: [bAreaId] } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await countTable(t, 'district_area')).toBe(before);
	});

	it('creates, updates and deletes catalogue indicators with audit; bad input, foreign ids and missing rights change nothing', async () => {
		const ind = await createIndicator({
			ctx: a.ctx,
			input: { key: 'kita_share', name: 'Kita-Besuchsquote', unit: '%', direction: 'higher_is_better', valueKind: 'share', disclosureMin: '5' }
		});
		expect(ind).toMatchObject({ key: 'kita_share', disclosureMin: 5, valueKind: 'share', isShare: true, scale: 100 });
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity', '=', 'indicator').where('entity_id', '=', ind.id).execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'create', user_id: a.user.id, municipality_id: a.municipality.id });

		const before = { ind: await countTable(t, 'indicator'), audit: await countTable(t, 'audit_entry') };
		const bad: [unknown, string][] = [
			[{ key: '', name: 'x', direction: 'neutral' }, 'key'],
			[{ key: 'Bad Key', name: 'x', direction: 'neutral' }, 'key'],
			[{ key: 'ok_key', name: '', direction: 'neutral' }, 'name'],
			[{ key: 'ok_key', name: 'x', direction: 'up' }, 'direction'],
			[{ key: 'ok_key', name: 'x', direction: 'neutral', disclosureMin: 0 }, 'disclosureMin']
		];
		for (const [input, field] of bad) {
			const e = await createIndicator({ ctx: a.ctx, input }).catch((x) => x);
			expect(e, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect(Object.keys((e as ValidationError).fieldErrors)).toContain(field);
		}
		await expect(createIndicator({ ctx: a.ctx, input: { key: 'kita_share', name: 'Doppelt', direction: 'neutral' } })).rejects.toBeInstanceOf(ConflictError);
		const dept = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
		await expect(createIndicator({ ctx: dept, input: { key: 'x_y', name: 'x', direction: 'neutral' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateIndicator({ ctx: b.ctx, id: ind.id, input: { name: 'Fremd' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteIndicator({ ctx: b.ctx, id: ind.id })).rejects.toBeInstanceOf(NotFoundError);
		await expect(updateIndicator({ ctx: a.ctx, id: newId(), input: { name: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
		expect({ ind: await countTable(t, 'indicator'), audit: await countTable(t, 'audit_entry') }).toEqual(before);

		const upd = await updateIndicator({ ctx: a.ctx, id: ind.id, input: { name: 'Kita-Besuchsquote (3–6 J.)', disclosureMin: 3 } });
		expect(upd).toMatchObject({ name: 'Kita-Besuchsquote (3–6 J.)', disclosureMin: 3, key: 'kita_share', unit: '%' });
		await deleteIndicator({ ctx: a.ctx, id: ind.id });
		expect(await findIndicatorByKey(t.db.kysely, a.municipality.id, 'kita_share')).toBeUndefined();
		expect(await findIndicatorByKey(t.db.kysely, b.municipality.id, 'population')).toBeDefined();
	});

	it('imports the real Neukölln file in one transaction and re-imports idempotently', async () => {
		const tab = await table('neukoelln-2024.csv');
		const first = await importObservationTable({ ctx: a.ctx, fileName: 'neukoelln-2024.csv', table: tab, mapping: mapping2024 });
		expect(first.ok).toBe(true);
		expect(first.report).toMatchObject({ records: 46 * 5, inserted: 46 * 5, updated: 0, skippedRows: 0 });
		expect(first.run).toMatchObject({ status: 'succeeded', insertedCount: 230, updatedCount: 0, errorCount: 0, rowsTotal: 46, fileName: 'neukoelln-2024.csv' });
		expect(await countObs(t, a.municipality.id)).toBe(230);
		const audits = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity', '=', 'import_run').where('entity_id', '=', first.run.id).execute();
		expect(audits).toHaveLength(1);
		expect(JSON.parse(audits[0].changes).after).toMatchObject({ status: 'succeeded', inserted: 230, updated: 0 });

		const second = await importObservationTable({ ctx: a.ctx, fileName: 'neukoelln-2024.csv', table: tab, mapping: mapping2024 });
		expect(second.report).toMatchObject({ inserted: 0, updated: 230 });
		expect(await countObs(t, a.municipality.id)).toBe(230);
		const o = await t.db.kysely.selectFrom('observation').select('source_import_id').where('municipality_id', '=', a.municipality.id).distinct().execute();
		expect(o.map((r) => r.source_import_id)).toEqual([second.run.id]);

		const old = await importObservationTable({ ctx: a.ctx, fileName: 'neukoelln-2020.csv', table: await table('neukoelln-2020.csv'), mapping: mapping2020 });
		expect(old.report).toMatchObject({ inserted: 92, updated: 0 });
		const pop = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'population'))!;
		expect(await listPeriods(t.db.kysely, a.municipality.id, pop.id)).toEqual(['2020-12-31', '2024-12-31']);
		expect((await listImportRuns(t.db.kysely, a.municipality.id)).length).toBe(3);
		expect(await listImportRuns(t.db.kysely, b.municipality.id)).toEqual([]);
	});

	it('a bad row fails the whole import: nothing is written, the run and its report are recorded', async () => {
		const tab = await table('neukoelln-2024.csv');
		const broken: TableFile = { ...tab, rows: tab.rows.map((r, i) => (i === 20 ? { ...r, cells: r.cells.map((c, k) => (k === 4 ? 'viele' : k === 7 ? '9999999' : c)) } : r)) };
		const changed: TableFile = { ...tab, rows: tab.rows.map((r) => ({ ...r, cells: r.cells.map((c, k) => (k === 3 ? String(Number(c) + 1) : c)) })) };
		const before = { obs: await countObs(t), audit: await countTable(t, 'audit_entry') };
		const values = await t.db.kysely.selectFrom('observation').select(['id', 'value', 'numerator', 'denominator']).orderBy('id').execute();
		// The bad row is the last of a file whose other rows would change every population value.
		const both: TableFile = { ...changed, rows: changed.rows.map((r, i) => (i === 20 ? broken.rows[20] : r)) };
		const out = await importObservationTable({ ctx: a.ctx, fileName: 'kaputt.csv', table: both, mapping: mapping2024 });
		expect(out.ok).toBe(false);
		expect(out.run).toMatchObject({ status: 'failed', insertedCount: 0, updatedCount: 0 });
		expect(out.run.errorCount).toBeGreaterThanOrEqual(2);
		const issues = out.report.issues.map((i) => [i.code, i.row, i.columnName]);
		expect(issues).toContainEqual(['valueNotNumber', 22, 'unter 6 Jahre']);
		expect(issues).toContainEqual(['numeratorExceedsDenominator', 22, 'Ausländer/-innen']);
		expect(await countObs(t)).toBe(before.obs);
		expect(await t.db.kysely.selectFrom('observation').select(['id', 'value', 'numerator', 'denominator']).orderBy('id').execute()).toEqual(values);
		expect(await countTable(t, 'audit_entry')).toBe(before.audit + 1); // the failed run, audited once
		const run = await findImportRun(t.db.kysely, a.municipality.id, out.run.id);
		expect((run?.report as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
		expect(await findImportRun(t.db.kysely, b.municipality.id, out.run.id)).toBeUndefined();
		// Unknown areas and mapping errors are reported too.
		const unknown = await importObservationTable({
			ctx: a.ctx,
			fileName: 'x.csv',
			table: { header: tab.header, rows: [{ row: 2, cells: ['99999999', 'Nirgendwo', '2024', '5', '', '', '', '', ''] }] },
			mapping: mapping2024
		});
		expect(unknown.report.unmatchedAreas.map((u) => u.value)).toEqual(['99999999']);
		await expect(importObservationTable({ ctx: a.ctx, fileName: 'x.csv', table: tab, mapping: { area: { column: -1 } } })).rejects.toBeInstanceOf(ValidationError);
		expect(await countObs(t)).toBe(before.obs);
	});

	it('upsertObservations rejects another municipality’s indicator and area ids and invalid rows, writing nothing', async () => {
		const popA = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'population'))!;
		const popB = (await findIndicatorByKey(t.db.kysely, b.municipality.id, 'population'))!;
		const shareA = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'foreigners_share'))!;
		const before = { obs: await countObs(t), audit: await countTable(t, 'audit_entry') };
		// Another municipality's ids: 404 (NotFound) naming the field, as the API answers every foreign id.
		for (const [input, field] of [
			[{ observations: [{ indicatorId: popB.id, areaId: areaIds['08100101'], period: '2023', value: 5 }] }, 'observations.0.indicatorId'],
			[{ observations: [{ indicatorId: popA.id, areaId: bAreaId, period: '2023', value: 5 }] }, 'observations.0.areaId']
		] as const) {
			const e = await upsertObservations({ ctx: a.ctx, input }).catch((x) => x);
			expect(e, field).toBeInstanceOf(UnknownReferenceError);
			expect(Object.keys((e as UnknownReferenceError).fieldErrors)).toEqual([field]);
		}
		const cases: [unknown, string][] = [
			[{ observations: [{ indicatorId: popA.id, areaId: areaIds['08100101'], period: '2023', value: -5 }] }, 'observations.0.value'],
			[{ observations: [{ indicatorId: shareA.id, areaId: areaIds['08100101'], period: '2023', numerator: 50, denominator: 10 }] }, 'observations.0.numerator'],
			[{ observations: [{ indicatorId: popA.id, areaId: areaIds['08100101'], period: '23', value: 5 }] }, 'observations.0.period'],
			[
				{
					observations: [
						{ indicatorId: popA.id, areaId: areaIds['08100101'], period: '2023', value: 5 },
						{ indicatorId: popA.id, areaId: areaIds['08100101'], period: '2023', value: 6 }
					]
				},
				'observations.1.period'
			]
		];
		for (const [input, field] of cases) {
			const e = await upsertObservations({ ctx: a.ctx, input }).catch((x) => x);
			expect(e, field).toBeInstanceOf(ValidationError);
			expect(Object.keys((e as ValidationError).fieldErrors)).toContain(field);
		}
		const dept = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		await expect(upsertObservations({ ctx: dept, input: { observations: [{ indicatorId: popA.id, areaId: areaIds['08100101'], period: '2023', value: 5 }] } })).rejects.toBeInstanceOf(ForbiddenError);
		expect({ obs: await countObs(t), audit: await countTable(t, 'audit_entry') }).toEqual(before);

		const ok = await upsertObservations({
			ctx: a.ctx,
			input: { observations: [{ indicatorId: shareA.id, areaId: areaIds['08100101'], period: '2023-12-31', numerator: 1700, denominator: 4600, provisional: true }] }
		});
		expect(ok).toEqual({ inserted: 1, updated: 0 });
		const row = await t.db.kysely.selectFrom('observation').selectAll().where('indicator_id', '=', shareA.id).where('period', '=', '2023-12-31').executeTakeFirstOrThrow();
		expect(Number(row.value)).toBeCloseTo((1700 / 4600) * 100, 10);
		expect(Number(row.provisional)).toBe(1);
		await expect(deleteIndicator({ ctx: a.ctx, id: shareA.id })).rejects.toBeInstanceOf(ConflictError);
	});

	it('district profile against the city is aggregated from numerators and denominators (real data)', async () => {
		const rows = raw2024();
		const sp = rows.filter((r) => r.code === '08100102' || r.code === '08100103');
		const district = (await t.db.kysely.selectFrom('district').select('id').where('code', '=', 'SP').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow()).id;
		const profile = await districtProfileOf(t.db.kysely, a.municipality.id, { districtId: district, period: '2024-12-31' });
		const by = (key: string) => profile.find((p) => p.indicator.key === key)!;
		const sum = (xs: typeof rows, f: (r: (typeof rows)[number]) => number) => xs.reduce((s, r) => s + f(r), 0);
		expect(by('population').district.value).toBe(sum(sp, (r) => r.pop));
		expect(by('population').city.value).toBe(sum(rows, (r) => r.pop));
		expect(by('population').city.coverage).toEqual({ areas: 46, withData: 46, suppressed: 0, used: 46 });
		expect(by('population').city.basis).toBe('all');
		expect(by('age_under_6_share').district.value).toBeCloseTo((sum(sp, (r) => r.u6) / sum(sp, (r) => r.pop)) * 100, 10);
		expect(by('foreigners_share').city.value).toBeCloseTo((sum(rows, (r) => r.foreigners) / sum(rows, (r) => r.pop)) * 100, 10);
		expect(by('migration_background_share').district).toMatchObject({ numerator: sum(sp, (r) => r.migration), denominator: sum(sp, (r) => r.pop) });
		// Indicators without data are there, empty.
		expect(by('child_poverty_share').district).toMatchObject({ value: null, coverage: { withData: 0 } });
		// Foreign area ids count as nothing.
		expect(await districtProfile(t.db.kysely, b.municipality.id, { areaIds: sp.map((r) => areaIds[r.code]), period: '2024-12-31' })).toEqual([]);
	});

	it('time series per indicator and area, and all areas of one period with disclosure control', async () => {
		const rows = raw2024();
		const foreigners = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'foreigners_share'))!;
		const series = await timeSeries(t.db.kysely, a.municipality.id, { indicatorId: foreigners.id, areaIds: [areaIds['08100101']] });
		expect(series.points.map((p) => p.period)).toEqual(['2020-12-31', '2023-12-31', '2024-12-31']);
		expect(series.points[0].areas.value).toBeCloseTo(37.58, 10); // MSS 2021 KI_16, Hasenheide
		expect(series.points[2].areas.value).toBeCloseTo((1790 / 4626) * 100, 10);
		expect(series.points[1].areas.flags).toContain('provisional');
		await expect(timeSeries(t.db.kysely, b.municipality.id, { indicatorId: foreigners.id, areaIds: [] })).rejects.toBeInstanceOf(NotFoundError);

		// Across areas with the total: raise the minimum so that real small counts are suppressed.
		const teen = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'age_15_18_share'))!;
		await updateIndicator({ ctx: a.ctx, id: teen.id, input: { disclosureMin: 60 } });
		const map = await indicatorAcrossAreas(t.db.kysely, a.municipality.id, { indicatorId: teen.id, period: '2024-12-31', level: 'planning-area' });
		expect(map.areas).toHaveLength(46);
		const small = rows.filter((r) => r.a15 < 60).map((r) => r.code);
		expect(small.length).toBeGreaterThan(0);
		for (const f of map.areas) {
			if (small.includes(f.areaCode)) expect(f.value, f.areaCode).toBeNull();
			if (f.numerator !== null) expect(f.numerator).toBeGreaterThanOrEqual(60);
		}
		const hidden = map.areas.filter((f) => f.numerator === null);
		expect(hidden.length).toBeGreaterThanOrEqual(2); // never a lone suppressed cell beside a total
		expect(map.total?.numerator).toBe(rows.reduce((s, r) => s + r.a15, 0));
		expect(map.total?.value).toBeCloseTo((rows.reduce((s, r) => s + r.a15, 0) / rows.reduce((s, r) => s + r.pop, 0)) * 100, 10);
		const other = await indicatorAcrossAreas(t.db.kysely, a.municipality.id, { indicatorId: teen.id, period: '2024-12-31', level: 'district-region' });
		expect(other.areas).toEqual([]);
	});

	it('a large import runs as a job with progress and the same result', async () => {
		const bytes = fixture('neukoelln-2024.csv');
		const mapping = { ...mapping2024, values: [{ column: NONE, indicatorKey: 'children_youth_share', numeratorColumn: 5, denominatorColumn: 3 }] };
		const { importRunId, jobId } = await startObservationImport({ ctx: a.ctx, fileName: 'neukoelln-2024.csv', bytes, mapping });
		expect(await findImportRun(t.db.kysely, a.municipality.id, importRunId)).toMatchObject({ status: 'queued', jobId });
		const runner = new JobRunner({ db: t.db, handlers: jobHandlers, leaseMs: 30_000 });
		expect(await runner.runOnce()).toBe(true);
		const job = await findJobById(t.db.kysely, jobId);
		expect(job).toMatchObject({ status: 'succeeded', progressDone: 46, progressTotal: 46, result: { ok: true, inserted: 46, updated: 0 } });
		const run = await findImportRun(t.db.kysely, a.municipality.id, importRunId);
		expect(run).toMatchObject({ status: 'succeeded', insertedCount: 46 });
		const stored = await t.db.kysely.selectFrom('import_run').select('file_content').where('id', '=', importRunId).executeTakeFirstOrThrow();
		expect(stored.file_content).toBeNull();

		// A file that cannot be read fails the job without retry and records the report.
		const bad = await startObservationImport({ ctx: a.ctx, fileName: 'leer.csv', bytes: new Uint8Array(), mapping });
		expect(await runner.runOnce()).toBe(true);
		expect(await findImportRun(t.db.kysely, a.municipality.id, bad.importRunId)).toMatchObject({ status: 'failed' });
		expect((await findJobById(t.db.kysely, bad.jobId))?.result).toMatchObject({ ok: false });
		const dept = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		await expect(startObservationImport({ ctx: dept, fileName: 'x.csv', bytes, mapping })).rejects.toBeInstanceOf(ForbiddenError);
	});
});
