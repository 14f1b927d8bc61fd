/**
 * Server-side rendering of the statistics views on real data (the seeded demo municipality with the 542
 * Berlin planning areas) and on a small tenant built to test disclosure control in every output.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../testing/test-db';
import { createTenant } from '../../testing/fixtures';
import { seedDemoIfEmpty } from '../../seed/seed-demo';
import { findMunicipalityBySlug } from '../../municipalities/municipalities.repository';
import { findIndicatorByKey } from '../../indicators/indicators.repository';
import { saveStatisticalAreas } from '../../indicators/save-statistical-areas';
import { upsertObservations } from '../../indicators/upsert-observations';
import { createDistrict } from '../../districts/create-district';
import { linkDistrictAreas } from '../../indicators/link-district-areas';
import { translator } from '../../../i18n';
import { readMssCsv } from '../../../domain/statistics/fixtures/load-mss';
import { P2020, P2024 } from '../../indicators/seed-demo-statistics';
import { chooseView, mssPresetQuery } from './choose';
import { compareView, mapView, profileView, seriesView, startView, type ViewCtx } from './views';
import { svgToPng, toCsv, toXlsx } from './export';
import { linearTrend } from './trend';

describe('linear trend', () => {
	it('gives the slope per year of the least-squares line', () => {
		const tr = linearTrend([
			{ period: '2020', value: 10 },
			{ period: '2022', value: 14 },
			{ period: '2024', value: null }
		])!;
		expect(tr.slopePerYear).toBeCloseTo(2, 10);
		expect(linearTrend([{ period: '2020', value: 1 }])).toBeNull();
	});
});

describe.each(dbKinds())('statistics views on the Berlin demo data [%s]', (kind) => {
	let t: TestDb;
	let ctx: ViewCtx;
	beforeAll(async () => {
		t = await createTestDb(kind);
		await seedDemoIfEmpty(t.db, { adminEmail: 'admin@quartier.example', adminPassword: 'demo-password-123456' });
		const m = (await findMunicipalityBySlug(t.db.kysely, 'berlin'))!;
		ctx = { db: t.db.kysely, municipalityId: m.id, locale: 'de', t: translator('de') };
	}, 120_000);
	afterAll(async () => t.cleanup());

	it('the MSS 2021 preset reproduces the published status index classes of all 536 valid areas', async () => {
		const q = await mssPresetQuery(ctx);
		expect(q).not.toBeNull();
		const view = await chooseView(ctx, new URLSearchParams(q!));
		expect(view.errors).toEqual({});
		const r = view.result!;
		expect(r.period).toBe(P2020);
		expect(r.included).toBe(536);
		const published = readMssCsv('mss-2021-indizes.csv').filter((row) => Number(row.SI_N) > 0);
		expect(published).toHaveLength(536);
		const mismatches = published.filter((row) => r.classByCode[row.PLR_ID] !== Number(row.SI_N));
		expect(mismatches).toEqual([]);
		expect(r.excluded.map((x) => x.code)).toEqual(['03300515', '03400831', '04400725', '05300838', '06200418', '10100205']);
		// explanation and sensitivity are there for every ranked area
		expect(r.ranking[0].up.length + r.ranking[0].down.length).toBe(3);
		expect(r.sensitivity!.variants).toHaveLength(3);
		expect(r.sensitivity!.variants[0].movers.length).toBeGreaterThan(0);
	});

	it('rejects a bad configuration with field errors and computes nothing', async () => {
		const view = await chooseView(ctx, new URLSearchParams('thr=1;0&minPop=-3&period=1999'));
		expect(Object.keys(view.errors).sort()).toEqual(['ind', 'minPop', 'period', 'thr']);
		expect(view.result).toBeNull();
	});

	it('renders the choropleth with one path per area, a title and a legend', async () => {
		const ind = (await findIndicatorByKey(ctx.db, ctx.municipalityId, 'foreigners_share'))!;
		const map = (await mapView(ctx, ind.id, { period: P2024, method: 'quantile', classes: '5' }))!;
		const svg = map.svg!;
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg.match(/<path /g)).toHaveLength(542);
		expect(svg.match(/<path [^>]*><title>/g)).toHaveLength(542);
		expect(svg).toContain('<title id="map-title">');
		expect(svg).toContain('Legende (%)');
		expect(map.legend).toHaveLength(5);
		expect(svg).toContain('Amt für Statistik Berlin-Brandenburg');
		const png = await svgToPng(svg);
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect(png.length).toBeGreaterThan(10_000);
	});

	it('sorts the comparison by value, name and code in both directions', async () => {
		const ind = (await findIndicatorByKey(ctx.db, ctx.municipalityId, 'population'))!;
		const desc = (await compareView(ctx, ind.id, { period: P2024, sort: 'value', dir: 'desc' }))!;
		const values = desc.table.rows.slice(0, -1).map((r) => ('value' in r[3] ? r[3].value : null)).filter((v): v is number => v !== null);
		expect(values).toEqual([...values].sort((a, b) => b - a));
		const byName = (await compareView(ctx, ind.id, { period: P2024, sort: 'name', dir: 'asc' }))!;
		expect(byName.html.rows[0][2] <= byName.html.rows[1][2] || byName.html.rows[0][2].localeCompare(byName.html.rows[1][2], 'de') <= 0).toBe(true);
		// the total row: 3 897 145 inhabitants
		expect(desc.html.rows.at(-1)![3]).toBe('3.897.145');
	});

	it('writes German CSV: BOM, semicolons, decimal comma, official signs', async () => {
		const ind = (await findIndicatorByKey(ctx.db, ctx.municipalityId, 'foreigners_share'))!;
		const view = (await compareView(ctx, ind.id, { period: P2024, sort: 'code', dir: 'asc' }))!;
		const csv = toCsv(view.table);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe('Rang;Schlüssel;Gebiet;Wert (%);Zähler;Nenner');
		// 01100101 Stülerstraße: 1581 foreigners of 3580 inhabitants = 44,2 %
		expect(lines[1]).toMatch(/^\d+;01100101;Stülerstraße;44,2;1581;3580$/);
		expect(csv).toContain('Zeichenerklärung');
	});

	it('builds the district profile against the city with a bar chart, and a time series with trend', async () => {
		const d = await ctx.db.selectFrom('district').select('id').where('municipality_id', '=', ctx.municipalityId).where('code', '=', '081001').executeTakeFirstOrThrow();
		const p = (await profileView(ctx, d.id, null))!;
		expect(p.period).toBe(P2024);
		expect(p.table.columns).toEqual(['Indikator', 'Einheit', 'Schillerpromenade', 'Gesamtstadt', 'Differenz zur Gesamtstadt', 'Gebiete mit Daten']);
		expect(p.cityNotes).toEqual([]);
		expect(p.html.rows.find((r) => r[0] === 'Einwohner/-innen')![3]).toBe('3.897.145');
		expect(p.svg).toContain('Schillerpromenade');
		expect(p.svg!.match(/<rect /g)!.length).toBeGreaterThan(10);
		const s1 = (await findIndicatorByKey(ctx.db, ctx.municipalityId, 'mss_s1_unemployed_sgb2'))!;
		const s = (await seriesView(ctx, s1.id, { areaId: null, districtId: d.id }))!;
		expect(s.table.rows).toHaveLength(3); // 2018, 2020, trend
		// MSS keeps small areas secret: the city line is computed from the known areas and says so.
		expect(s.table.columns).toEqual(['Stichtag', 'Schillerpromenade (%)', 'Gesamtstadt (berechnet aus 536 von 542 Gebieten)* (%)', 'Grundlage Gesamtstadt']);
		for (const row of s.html.rows.slice(0, 2)) {
			expect(row[2]).toMatch(/^\d+,\d s$/);
			expect(row[3]).toBe('berechnet aus 536 von 542 Gebieten');
		}
		expect(s.trend.city).toMatch(/^[+−-]/);
		expect(s.svg).toContain('Gesamtstadt (berechnet aus 536 von 542 Gebieten)*');
		expect(s.cityNotes).toHaveLength(1);
		// the city line (second series colour) with one marker per date
		expect(s.svg).toMatch(/<path d="M[\d.,]+L[\d.,]+" stroke="#b45309" \/>/);
		expect(s.svg!.match(/<path fill="#b45309"/g)).toHaveLength(2);
		expect(s.table.notes).toContain(s.cityNotes[0]);
		// the profile at the MSS date: the same basis column for the city
		const p2020 = (await profileView(ctx, d.id, '2020-12-31'))!;
		expect(p2020.table.columns.at(-1)).toBe('Grundlage Gesamtstadt');
		const s1row = p2020.html.rows.find((r) => r[0] === 'Arbeitslose nach SGB II (MSS S1)')!;
		expect(s1row[3]).toMatch(/^\d+,\d s$/);
		expect(s1row.at(-1)).toBe('berechnet aus 536 von 542 Gebieten');
		expect(s.trend.own).toMatch(/^[+−-]/);
		expect(s.svg).toContain('linearer Trend');
	});

	it('lists indicators with their latest period and the districts with areas', async () => {
		const v = await startView(ctx);
		expect(v.withData.find((i) => i.name === 'Einwohner/-innen')?.latest).toBe('31.12.2024');
		expect(v.districts.length).toBe(11);
	});
});

describe.each(dbKinds())('disclosure control in every output [%s]', (kind) => {
	let t: TestDb;
	let ctx: ViewCtx;
	let populationId: string;
	let shareId: string;
	let districtId: string;
	const square = (x: number) => ({ type: 'Polygon', coordinates: [[[13 + x * 0.01, 52], [13.01 + x * 0.01, 52], [13.01 + x * 0.01, 52.01], [13 + x * 0.01, 52.01], [13 + x * 0.01, 52]]] });
	beforeAll(async () => {
		t = await createTestDb(kind);
		const tenant = await createTenant(t.db);
		const saved = await saveStatisticalAreas({
			ctx: tenant.ctx,
			input: { areas: ['A1', 'A2', 'A3', 'A4'].map((code, i) => ({ code, name: `Gebiet ${code}`, level: 'planning-area', boundary: square(i) })) }
		});
		populationId = (await findIndicatorByKey(t.db.kysely, tenant.municipality.id, 'population'))!.id;
		shareId = (await findIndicatorByKey(t.db.kysely, tenant.municipality.id, 'foreigners_share'))!.id;
		// A2 has 2 inhabitants (below the minimum 3); A3 holds 7 foreigners of 7000 — fine; A1 holds 1 foreigner
		const pop = { A1: 5211, A2: 2, A3: 7000, A4: 4388 };
		const foreign = { A1: 1, A2: 0, A3: 7, A4: 1234 };
		const obs = Object.entries(pop).flatMap(([code, n]) => [
			{ indicatorId: populationId, areaId: saved.ids[code], period: '2024', value: n },
			{ indicatorId: shareId, areaId: saved.ids[code], period: '2024', numerator: foreign[code as keyof typeof foreign], denominator: n }
		]);
		await upsertObservations({ ctx: tenant.ctx, input: { observations: obs } });
		const d = await createDistrict({ ctx: tenant.ctx, input: { name: 'Nord', code: 'N' } });
		await linkDistrictAreas({ ctx: tenant.ctx, input: { districtId: d.id, areaIds: [saved.ids.A1, saved.ids.A2] } });
		districtId = d.id;
		ctx = { db: t.db.kysely, municipalityId: tenant.municipality.id, locale: 'de', t: translator('de') };
	});
	afterAll(async () => t.cleanup());

	const rowOf = (csv: string, code: string) => csv.split('\r\n').find((l) => l.includes(`;${code};`) || l.startsWith(`${code};`))!;

	it('never shows a count below the minimum in HTML, CSV, XLSX or SVG', async () => {
		const compare = (await compareView(ctx, populationId, { period: '2024', sort: 'code', dir: 'asc' }))!;
		const html = compare.html.rows.find((r) => r[1] === 'A2')!;
		expect(html[3]).toBe('.');
		// complementary suppression: the total would reveal A2, so a second area is hidden too
		const hidden = compare.html.rows.filter((r) => r[3] === '.');
		expect(hidden.length).toBeGreaterThanOrEqual(2);
		const csv = toCsv(compare.table);
		expect(rowOf(csv, 'A2').split(';')[3]).toBe('.');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx(compare.table)) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		const a2 = ws.getRows(1, ws.rowCount)!.find((row) => row.getCell(2).value === 'A2')!;
		expect(a2.getCell(4).value).toBe('.');
		const valueColumn = ws.getColumn(4).values as unknown[];
		expect(valueColumn).not.toContain(2);
		expect(valueColumn).toContain('.');

		const map = (await mapView(ctx, populationId, { period: '2024', method: 'quantile', classes: '3' }))!;
		expect(map.svg).toContain('<title>Gebiet A2 (A2): .</title>');
		expect(map.svg).not.toMatch(/\(A2\): 2</);
		expect(map.html.rows.find((r) => r[0] === 'A2')![2]).toBe('.');
	});

	it('hides shares whose numerator is below the minimum, with the numerator itself', async () => {
		const compare = (await compareView(ctx, shareId, { period: '2024', sort: 'code', dir: 'asc' }))!;
		const a1 = compare.html.rows.find((r) => r[1] === 'A1')!;
		expect(a1[3]).toBe('.');
		expect(a1[4]).toBe('.');
		const csv = toCsv(compare.table);
		expect(rowOf(csv, 'A1').split(';').slice(3, 5)).toEqual(['.', '.']);
		const map = (await mapView(ctx, shareId, { period: '2024', method: 'equal', classes: '3' }))!;
		expect(map.svg).toContain('<title>Gebiet A1 (A1): .</title>');
	});

	it('aggregates a district only from shown figures and suppresses what would reveal a small count', async () => {
		const p = (await profileView(ctx, districtId, '2024'))!;
		const share = p.html.rows.find((r) => r[0] === 'Anteil Ausländer/-innen')!;
		// district: 1 + 0 foreigners of 5213 inhabitants → numerator 1 is below the minimum
		expect(share[2]).toBe('.');
		expect(toCsv(p.table)).not.toMatch(/;0,0;/);
		const chart = p.svg ?? '';
		expect(chart).not.toContain('>0,0<');
	});
});
