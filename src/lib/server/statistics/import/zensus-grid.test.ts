import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBoundaries } from './boundaries';
import { aggregateGrid, collectGridColumn, DistrictIndex, readZensusGrid, type GridCell } from './zensus-grid';

const url = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const X0 = 4_400_000;
const Y0 = 3_100_000;

async function districtIndex() {
	const r = await readBoundaries(readFileSync(url('zensus-bezirke-3035.geojson')));
	if (!r.ok) throw new Error(JSON.stringify(r.issues));
	expect(r.crs).toBe('EPSG:3035');
	return new DistrictIndex(r.features.map((f) => ({ id: String(f.properties.id), geometry: f.geometry })));
}

/** The expected district of a cell, by arithmetic on the 100 m lines the fixture districts are drawn on. */
function expectedDistrict(x: number, y: number): string | null {
	const i = (x - 50 - X0) / 100;
	const j = (y - 50 - Y0) / 100;
	const inR = (i0: number, i1: number, j0: number, j1: number) => i >= i0 && i <= i1 && j >= j0 && j <= j1;
	if (inR(0, 9, 0, 9) && !inR(4, 5, 4, 5)) return 'A';
	if (inR(10, 19, 0, 4) || inR(10, 13, 5, 14)) return 'B';
	if (inR(0, 5, 12, 19) || inR(16, 19, 16, 19)) return 'C';
	return null;
}

/** An independent, naive reading of the fixture: Latin-1 bytes, split on ";", 0x96 = suppressed. */
function naiveExpectation() {
	const lines = readFileSync(url('zensus-gitter-100m.csv')).toString('latin1').trim().split('\r\n').slice(1);
	const out: Record<string, { cells: number; pop: number; popSuppressed: number; shareSum: number; shareWeight: number; shareSuppressed: number; shareWeightUnknown: number; ageSum: number; ageWeight: number; limited: number }> = {};
	for (const id of ['A', 'B', 'C']) out[id] = { cells: 0, pop: 0, popSuppressed: 0, shareSum: 0, shareWeight: 0, shareSuppressed: 0, shareWeightUnknown: 0, ageSum: 0, ageWeight: 0, limited: 0 };
	for (const line of lines) {
		const [, x, y, pop, share, age, flag] = line.split(';');
		const d = expectedDistrict(Number(x), Number(y));
		if (!d) continue;
		const o = out[d];
		o.cells++;
		if (flag === 'KLAMMERN') o.limited++;
		const num = (s: string) => (s === '\x96' ? null : Number(s.replace(',', '.')));
		const [p, s, a] = [num(pop), num(share), num(age)];
		if (p === null) o.popSuppressed++;
		else o.pop += p;
		if (s === null) o.shareSuppressed++;
		else if (p === null) o.shareWeightUnknown++;
		else {
			o.shareSum += s * p;
			o.shareWeight += p;
		}
		if (a !== null && p !== null) {
			o.ageSum += a * p;
			o.ageWeight += p;
		}
	}
	return out;
}

async function collect(cells: AsyncIterable<GridCell>) {
	const out: GridCell[] = [];
	for await (const c of cells) out.push(c);
	return out;
}

describe('readZensusGrid', () => {
	it('streams the Latin-1 fixture: columns, suppressed values, KLAMMERN, decimal comma', async () => {
		const progress: number[] = [];
		const reader = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv'), { highWaterMark: 512 }), { onProgress: (n) => progress.push(n) });
		const cells = await collect(reader.cells());
		expect(progress.length).toBeGreaterThan(10);
		expect(progress[progress.length - 1]).toBe(readFileSync(url('zensus-gitter-100m.csv')).length);
		expect(reader.report).toMatchObject({ encoding: 'windows-1252', separator: ';', valueColumns: ['Einwohner', 'AnteilAuslaender', 'Durchschnittsalter'], cells: 375, skippedLines: 0, error: null });
		expect(cells[0]).toEqual({ id: 'CRS3035RES100mN3100100E4400000', x: 4400050, y: 3100150, values: [6, 19, 28.4], suppressed: [false, false, false], limited: false, line: 2 });
		expect(cells[3].limited).toBe(true);
		const suppressed = cells.filter((c) => c.suppressed[0]);
		expect(suppressed.length).toBeGreaterThan(5);
		expect(suppressed.every((c) => c.values[0] === null)).toBe(true);
	});

	it('reads UTF-8, takes the centre from the grid id when there are no coordinate columns, reports bad lines', async () => {
		const text = 'GITTER_ID_100m;Einwohner\nCRS3035RES100mN3100000E4400000;5\nkaputt;3\nCRS3035RES100mN3100100E4400000;–\n';
		const reader = readZensusGrid(Readable.from([Buffer.from(text, 'utf8')]));
		const cells = await collect(reader.cells());
		expect(cells.map((c) => [c.x, c.y, c.values[0], c.suppressed[0]])).toEqual([
			[4400050, 3100050, 5, false],
			[4400050, 3100150, null, true]
		]);
		expect(reader.report.encoding).toBe('utf-8');
		expect(reader.report.skippedLines).toBe(1);
		expect(reader.report.issues[0]).toMatchObject({ code: 'gridCellInvalid', row: 3 });
	});

	it('stops a too large stream early with a clear error, without reading it all', async () => {
		let produced = 0;
		const chunk = Buffer.from('CRS3035RES100mN3100000E4400000;4400050;3100050;5\n'.repeat(20_000));
		const big = new Readable({
			read() {
				produced++;
				this.push(produced === 1 ? Buffer.concat([Buffer.from('GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\n'), chunk]) : produced > 200 ? null : chunk);
			}
		});
		const reader = readZensusGrid(big, { maxBytes: 5 * 1024 * 1024 });
		let n = 0;
		for await (const _ of reader.cells()) n++;
		expect(reader.report.error).toMatchObject({ code: 'fileTooLarge', params: { maxMb: 5 } });
		expect(produced).toBeLessThan(10);
		expect(n).toBeLessThan(120_000);
	});

	it('releases the input when the consumer stops early', async () => {
		const stream = createReadStream(url('zensus-gitter-100m.csv'), { highWaterMark: 256 });
		const reader = readZensusGrid(stream);
		let n = 0;
		for await (const _ of reader.cells()) if (++n === 3) break;
		await new Promise((r) => setTimeout(r, 20));
		expect(stream.destroyed).toBe(true);
		expect(reader.report.error).toBeNull();
	});

	it('refuses files without grid columns and empty files', async () => {
		const a = readZensusGrid(Readable.from([Buffer.from('Gebiet;Wert\nA;1\n')]));
		await collect(a.cells());
		expect(a.report.error?.code).toBe('gridColumnsMissing');
		const b = readZensusGrid(Readable.from([]));
		await collect(b.cells());
		expect(b.report.error?.code).toBe('emptyFile');
	});
});

describe('aggregateGrid', () => {
	it('sums counts, weights shares and means by population, counts suppressed cells honestly', async () => {
		const index = await districtIndex();
		const reader = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv')));
		const result = await aggregateGrid(reader, { index });
		const expected = naiveExpectation();
		for (const d of result.districts) {
			const e = expected[d.districtId];
			const [pop, share, age] = d.columns;
			expect(d.cells).toBe(e.cells);
			expect(d.limitedCells).toBe(e.limited);
			expect(pop).toMatchObject({ kind: 'count', sum: e.pop, value: e.pop, suppressedCells: e.popSuppressed });
			expect(share).toMatchObject({ kind: 'share', sum: e.shareSum, weight: e.shareWeight, suppressedCells: e.shareSuppressed, weightUnknownCells: e.shareWeightUnknown });
			expect(share.value).toBe(e.shareSum / e.shareWeight);
			expect(age.value).toBe(e.ageSum / e.ageWeight);
			expect(e.cells).toBeGreaterThan(30);
			expect(e.popSuppressed + e.shareSuppressed).toBeGreaterThan(0);
		}
		const inside = result.districts.reduce((s, d) => s + d.cells, 0);
		expect(inside + result.cellsOutside).toBe(375);
		expect(result.located).toBe(375);
	});

	it('re-aggregates with a cached assignment without any point-in-polygon test, to the same result', async () => {
		const index = await districtIndex();
		const first = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv')));
		const a = await aggregateGrid(first, { index });
		const tests = index.pointInPolygonTests;
		expect(tests).toBeGreaterThan(0);
		// The cache survives a round trip through plain JSON (as the caller would store it).
		const cached = { districtIds: a.assignment.districtIds, byCell: new Map<string, number>(JSON.parse(JSON.stringify([...a.assignment.byCell]))) };
		const fresh = await districtIndex();
		const second = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv')));
		const b = await aggregateGrid(second, { index: fresh, assignment: cached });
		expect(fresh.pointInPolygonTests).toBe(0);
		expect(b.located).toBe(0);
		expect(b.cachedHits).toBe(375);
		expect(b.districts).toEqual(a.districts);
	});

	it('assigns every cell to the district containing its centre (holes, L shape, multipolygon)', async () => {
		const index = await districtIndex();
		for (let i = 0; i < 20; i++)
			for (let j = 0; j < 20; j++) {
				const [x, y] = [X0 + i * 100 + 50, Y0 + j * 100 + 50];
				const d = index.locate(x, y);
				expect(d < 0 ? null : index.districtIds[d], `${i},${j}`).toBe(expectedDistrict(x, y));
			}
	});

	it('weights by the population of another file (the published files are one topic each)', async () => {
		const index = await districtIndex();
		const popReader = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv')), { valueColumns: ['Einwohner'] });
		const weights = await collectGridColumn(popReader, 'Einwohner', index);
		const shareReader = readZensusGrid(createReadStream(url('zensus-gitter-100m.csv')), { valueColumns: ['AnteilAuslaender'] });
		const r = await aggregateGrid(shareReader, { index, weightOf: (id) => weights.get(id) });
		const expected = naiveExpectation();
		for (const d of r.districts) expect(d.columns[0].value).toBe(expected[d.districtId].shareSum / expected[d.districtId].shareWeight);
	});
});
