import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importObservations, normalizePeriod, parseFlags, type KnownArea, type KnownIndicator, type ObservationMapping } from './observations-import';
import { normalizeName, suggestAreas, indexAreas } from './area-matching';
import { columnConventions, readTableFile } from './table-file';

const areas: KnownArea[] = [
	{ id: 'a1', code: '01', name: 'Altstadt' },
	{ id: 'a2', code: '02', name: 'Nordstadt' },
	{ id: 'a3', code: '03', name: 'Südviertel' },
	{ id: 'a4', code: '04', name: 'Weststadt-Müggenhof' },
	{ id: 'a5', code: '05', name: 'Ostend' },
	{ id: 'a6', code: '06', name: 'St. Johannis' }
];
const indicators: KnownIndicator[] = [
	{ key: 'population', kind: 'count' },
	{ key: 'foreigners', kind: 'count' },
	{ key: 'foreignersShare', kind: 'share', scale: 100 },
	{ key: 'unemployed', kind: 'count' }
];

describe('importObservations on a real file (Latin-1 CSV through readTableFile)', () => {
	it('produces records with flags and a clean report', async () => {
		const r = await readTableFile(readFileSync(new URL('./fixtures/statistik-latin1.csv', import.meta.url)));
		if (!r.ok) throw new Error('fixture unreadable');
		const { header, rows } = r.table;
		const mapping: ObservationMapping = {
			area: { column: 0, by: 'code' },
			period: { column: 2 },
			values: [
				{ column: 3, indicatorKey: 'population' },
				{ column: 4, indicatorKey: 'foreigners' },
				{ column: 5, indicatorKey: 'foreignersShare', numeratorColumn: 4, denominatorColumn: 3 },
				{ column: 6, indicatorKey: 'unemployed' }
			],
			conventions: columnConventions(r.table)
		};
		const out = importObservations({ header, rows, mapping, areas, indicators });
		expect(out.issues).toEqual([]);
		expect(out.records).toHaveLength(20);
		const find = (k: string, a: string) => out.records.find((x) => x.indicatorKey === k && x.areaId === a)!;
		expect(find('population', 'a1')).toEqual({
			indicatorKey: 'population', areaId: 'a1', period: '2023', value: 12345, numerator: null, denominator: null, row: 2,
			flags: { suppressed: false, estimated: false, provisional: false, limited: false }
		});
		expect(find('foreignersShare', 'a1')).toMatchObject({ value: 17, numerator: 2100, denominator: 12345 });
		expect(find('unemployed', 'a2')).toMatchObject({ value: null, flags: { suppressed: true } });
		expect(find('foreigners', 'a3')).toMatchObject({ value: 312, flags: { limited: true } });
		expect(find('population', 'a4')).toMatchObject({ value: 1234, row: 6 });
		expect(find('foreignersShare', 'a4')).toMatchObject({ value: null, numerator: null, denominator: 1234, flags: { suppressed: true } });
	});
});

const header = ['Gebiet', 'Jahr', 'Einwohner', 'Anteil', 'Zähler', 'Nenner', 'Hinweis'];
const rowsOf = (cells: string[][]) => cells.map((c, i) => ({ row: i + 2, cells: c }));
const mapping: ObservationMapping = {
	area: { column: 0, by: 'name' },
	period: { column: 1 },
	values: [
		{ column: 2, indicatorKey: 'population', flagColumn: 6 },
		{ column: 3, indicatorKey: 'foreignersShare', numeratorColumn: 4, denominatorColumn: 5 }
	]
};

describe('importObservations: matching and bad input', () => {
	it('matches names insensitive to case, umlaut spelling, whitespace, hyphens and "St."', () => {
		const out = importObservations({
			header,
			mapping,
			areas,
			indicators,
			rows: rowsOf([
				['  SUEDVIERTEL ', '2022', '5.000', '', '', '', ''],
				['Weststadt Mueggenhof', '2022', '1.000', '', '', '', 'p'],
				['Sankt Johannis', '2022', '700', '', '', '', 's'],
				['altstadt', '31.12.2022', '1 234p', '', '', '', '']
			])
		});
		expect(out.issues).toEqual([]);
		expect(out.records.map((r) => [r.areaId, r.period, r.value, r.flags.provisional, r.flags.estimated])).toEqual([
			['a3', '2022', 5000, false, false],
			['a4', '2022', 1000, true, false],
			['a6', '2022', 700, false, true],
			['a1', '2022-12-31', 1234, true, false]
		]);
	});

	it('reports unknown areas with suggestions, text in number columns, duplicates, negative counts, numerator > denominator', () => {
		const out = importObservations({
			header,
			mapping,
			areas,
			indicators,
			rows: rowsOf([
				['Nordstat', '2022', '100', '', '', '', ''],
				['Nordstat', '2022', '100', '', '', '', ''],
				['Altstadt', '2022', 'k. A.', '', '', '', ''],
				['Ostend', '2022', '-5', '', '', '', ''],
				['Ostend', '2022', '', '', '60', '50', ''],
				['Südviertel', '2022', '10', '', '', '', ''],
				['Südviertel', '2022', '11', '', '', '', ''],
				['Nordstadt', 'letztes Jahr', '1', '', '', '', ''],
				['', '2022', '1', '', '', '', '']
			])
		});
		const where = out.issues.map((i) => [i.code, i.row, i.column]);
		expect(where).toEqual([
			['areaUnmatched', 2, 0],
			['areaUnmatched', 3, 0],
			['valueNotNumber', 4, 2],
			['negativeCount', 5, 2],
			['numeratorExceedsDenominator', 6, 4],
			['duplicateObservation', 8, 2],
			['periodInvalid', 9, 1],
			['areaMissing', 10, 0]
		]);
		expect(out.issues.every((i) => i.severity === 'error' && i.messageKey === `import.${i.code}`)).toBe(true);
		expect(out.issues[2]).toMatchObject({ columnName: 'Einwohner', params: { value: 'k. A.' } });
		expect(out.unmatchedAreas).toEqual([{ value: 'Nordstat', rows: [2, 3], suggestions: [expect.objectContaining({ id: 'a2', name: 'Nordstadt' })] }]);
		expect(out.duplicates).toEqual([{ indicatorKey: 'population', areaId: 'a3', period: '2022', rows: [7, 8] }]);
		expect(out.skippedRows).toBe(4);
		// The share was derived from numerator and denominator (and reported, not hidden).
		expect(out.records.find((r) => r.areaId === 'a5' && r.indicatorKey === 'foreignersShare')).toMatchObject({ value: 120, numerator: 60, denominator: 50 });
	});

	it('supports a fixed period, area codes without leading zeros, and refuses unknown indicators', () => {
		const out = importObservations({
			header: ['Nr', 'EW'],
			rows: rowsOf([['1', '10'], ['2', '20']]),
			mapping: { area: { column: 0, by: 'code' }, period: { fixed: '2024' }, values: [{ column: 1, indicatorKey: 'population' }] },
			areas,
			indicators
		});
		expect(out.records.map((r) => [r.areaId, r.period, r.value])).toEqual([['a1', '2024', 10], ['a2', '2024', 20]]);
		const bad = importObservations({ header: ['Nr', 'EW'], rows: [], mapping: { area: { column: 0, by: 'code' }, period: { fixed: '2024' }, values: [{ column: 1, indicatorKey: 'nope' }] }, areas, indicators });
		expect(bad.issues.map((i) => i.code)).toEqual(['indicatorUnknown']);
	});

	it('reports an area name shared by two known areas as ambiguous', () => {
		const twins = [...areas, { id: 'b1', code: '99', name: 'Alt-Stadt' }];
		const out = importObservations({ header, mapping, areas: twins, indicators, rows: rowsOf([['Altstadt', '2022', '1', '', '', '', '']]) });
		expect(out.issues[0]).toMatchObject({ code: 'areaAmbiguous', params: { candidates: 'Altstadt, Alt-Stadt' } });
	});

	it('is deterministic', () => {
		const input = { header, mapping, areas, indicators, rows: rowsOf([['Altstadt', '2022', '5', '', '', '', ''], ['Nope', '2022', 'x1', '', '', '', '']]) };
		expect(JSON.stringify(importObservations(input))).toBe(JSON.stringify(importObservations(structuredClone(input))));
	});
});

describe('helpers', () => {
	it('normalises names and suggests close ones', () => {
		expect(normalizeName('Muenchen')).toBe(normalizeName('München'));
		expect(normalizeName(' St.-Georg  Vorstadt ')).toBe('sanktgeorgvorstadt');
		expect(normalizeName('Café Zoë')).toBe('cafezoe');
		const idx = indexAreas(areas);
		expect(suggestAreas(idx, 'Xyzzy').map((s) => s.id)).toEqual([]);
		expect(suggestAreas(idx, 'Nord').map((s) => s.id)).toEqual(['a2']);
		expect(suggestAreas(idx, 'Nordstadt-Ost')[0]).toMatchObject({ id: 'a2', score: 0.8 });
		expect(suggestAreas(idx, 'Sued Viertel')[0].id).toBe('a3');
	});

	it('normalises periods and parses flags', () => {
		expect(normalizePeriod('2023')).toBe('2023');
		expect(normalizePeriod('2023-06')).toBe('2023-06');
		expect(normalizePeriod('1.1.2023')).toBe('2023-01-01');
		expect(normalizePeriod('2023-13')).toBeNull();
		expect(normalizePeriod('23')).toBeNull();
		expect(parseFlags('p, KLAMMERN')).toEqual({ provisional: true, estimated: false, limited: true, suppressed: false });
		expect(parseFlags('geschätzt')).toMatchObject({ estimated: true });
	});
});
