/**
 * Zensus 2022 grid data: streaming the published 100 m grid CSVs and aggregating them to district polygons.
 *
 * File format (Statistische Ämter des Bundes und der Länder, "Gitterdaten zum Download"): `;`-separated, decimal
 * comma, Latin-1 or UTF-8, columns `GITTER_ID_100m` (`CRS3035RES100mN<north>E<east>`, lower-left corner),
 * `x_mp_100m` / `y_mp_100m` (cell centre, EPSG:3035), value columns (`Einwohner`, `AnteilAuslaender`,
 * `Durchschnittsalter`, …), and `werterlaeuternde_Zeichen` (e.g. `KLAMMERN`: limited reliability). Suppressed
 * values (Geheimhaltung) are written "–". Uninhabited cells are not in the file.
 *
 * The files are large (the 100 m population grid for Germany has about 3 million rows): cells are read from a
 * stream and yielded one by one, never collected.
 *
 * Aggregation: a cell belongs to the district that contains its centre. District polygons are reprojected to
 * EPSG:3035 once; a uniform tile index and bounding boxes prefilter before the point-in-polygon test (holes
 * respected). The cell → district assignment is returned so callers can cache it; aggregating with a cached
 * assignment does no point-in-polygon test for the cells it covers.
 */
import { parse } from 'csv-parse';
import type { BoundaryGeometry } from '$lib/domain/geojson';
import { reprojectGeometry } from './boundaries';
import { pointInRing, ringBBox, type Ring } from './geometry-check';
import { ImportError, IssueList, fail, makeIssue, type ImportIssue } from './issues';
import { destroy, MB } from './input';
import { parseNumber } from './numbers';
import { isLimitedFlag } from './table-file';
import { StreamingTextDecoder, detectSeparator, type TextEncodingName } from './text-decoding';

export interface GridCell {
	id: string;
	/** Cell centre in EPSG:3035 metres. */
	x: number;
	y: number;
	/** One entry per value column (see the report's `valueColumns`); null = suppressed or empty. */
	values: (number | null)[];
	/** Per value column: the value was suppressed ("–" and the like). */
	suppressed: boolean[];
	/** Flagged KLAMMERN (limited reliability). */
	limited: boolean;
	/** 1-based line in the file. */
	line: number;
}

export interface GridReadReport {
	encoding: TextEncodingName | null;
	separator: string | null;
	valueColumns: string[];
	cells: number;
	skippedLines: number;
	issues: ImportIssue[];
	issueCounts: Record<string, number>;
	/** Set when reading stopped early (too large, no grid columns, unreadable). */
	error: ImportIssue | null;
}

export interface GridReadOptions {
	/** Value columns to read; default every column that is not an id, coordinate or flag column. */
	valueColumns?: string[];
	/** Further columns read when the file has them (e.g. `Einwohner` as the weight), appended after `valueColumns`. */
	optionalColumns?: string[];
	/** Stop reading past this many bytes (the whole-Germany 100 m files are some hundred MB). */
	maxBytes?: number;
	/** Read "–" as zero instead of suppressed. Zensus files mean "kept secret": leave false. */
	dashMeansZero?: boolean;
	/** Called after each chunk with the bytes read so far (for a progress display of long imports). */
	onProgress?: (bytesRead: number) => void;
}

const ID = 'gitter_id_100m';
const X = 'x_mp_100m';
const Y = 'y_mp_100m';
const FLAGS = 'werterlaeuternde_zeichen';

/**
 * Reads a grid CSV from a stream. Iterate `cells()` once; `report` is complete when the iteration ends (reading
 * errors end the iteration and are in `report.error`, never thrown).
 */
export function readZensusGrid(input: AsyncIterable<Uint8Array>, opts: GridReadOptions = {}) {
	const issues = new IssueList(100);
	const report: GridReadReport = { encoding: null, separator: null, valueColumns: [], cells: 0, skippedLines: 0, issues: issues.items, issueCounts: {}, error: null };
	const maxBytes = opts.maxBytes ?? 2048 * MB;

	async function* cells(): AsyncGenerator<GridCell> {
		const decoder = new StreamingTextDecoder();
		let parser: ReturnType<typeof parse> | null = null;
		let pumpError: unknown = null;
		let head = '';

		const pump = async () => {
			let total = 0;
			try {
				for await (const chunk of input) {
					total += chunk.byteLength;
					opts.onProgress?.(total);
					if (total > maxBytes) {
						destroy(input);
						fail('fileTooLarge', {}, { maxMb: Math.round(maxBytes / MB) });
					}
					const text = decoder.push(chunk);
					if (!parser) {
						head += text;
						if (!head.includes('\n') && head.length < 65536) continue;
						parser = startParser(head);
						head = '';
						continue;
					}
					if (parser.destroyed) break; // the consumer stopped early
					if (!parser.write(text))
						await new Promise<void>((r) => {
							const done = () => {
								parser!.off('drain', done);
								parser!.off('close', done);
								r();
							};
							parser!.once('drain', done);
							parser!.once('close', done);
						});
				}
				const rest = decoder.end();
				if (!parser) parser = startParser(head + rest);
				else if (!parser.destroyed) parser.end(rest);
				if (parser.writable) parser.end();
			} catch (e) {
				pumpError = e;
				if (!parser) parser = startParser('');
				parser.destroy(e instanceof Error ? e : new Error(String(e)));
			}
		};

		let resolveStart: () => void;
		const started = new Promise<void>((r) => (resolveStart = r));
		const startParser = (firstText: string) => {
			const separator = detectSeparator(firstText.split('\n').slice(0, 20).join('\n')) ?? ';';
			report.separator = separator;
			const p = parse({ delimiter: separator, relax_column_count: true, skip_empty_lines: true, info: true, bom: true, trim: true });
			p.write(firstText);
			resolveStart();
			return p;
		};

		const pumping = pump();
		await started;
		let columns: { id: number; x: number; y: number; flags: number; values: number[]; klammern: (number | null)[] } | null = null;
		try {
			for await (const { record, info } of parser! as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
				if (!columns) {
					columns = resolveColumns(record, opts.valueColumns, opts.optionalColumns);
					report.valueColumns = columns.values.map((i) => record[i]);
					report.encoding = decoder.encoding;
					continue;
				}
				const cell = toCell(record, info.lines, columns, opts, issues);
				if (!cell) {
					report.skippedLines++;
					continue;
				}
				report.cells++;
				yield cell;
			}
			await pumping;
			if (pumpError) throw pumpError;
			if (!columns) fail('emptyFile');
		} catch (e) {
			await pumping;
			const err = pumpError ?? e;
			if (err instanceof ImportError) report.error = err.issue;
			else report.error = makeIssue('csvInvalid', 'error', {}, { reason: (err as { code?: string }).code ?? 'unknown' });
		} finally {
			// A consumer that breaks out early: release the input and let the pump finish.
			if (parser && !(parser as { destroyed: boolean }).destroyed && !(parser as { readableEnded: boolean }).readableEnded) {
				(parser as { destroy(): void }).destroy();
				destroy(input);
			}
			report.encoding ??= decoder.encoding;
			report.issueCounts = issues.counts();
		}
	}

	return { report, cells };
}

function resolveColumns(header: string[], wanted?: string[], optional: string[] = []) {
	const lower = header.map((h) => h.trim().replace(/^\uFEFF/, '').toLowerCase());
	const at = (n: string) => lower.indexOf(n);
	const id = at(ID);
	const [x, y] = [at(X), at(Y)];
	if (id < 0 && (x < 0 || y < 0)) fail('gridColumnsMissing', { row: 1 });
	const isMeta = (h: string) => h === ID || h === X || h === Y || h === FLAGS || /klammern/.test(h);
	let values: number[];
	if (wanted) {
		values = wanted.map((w) => {
			const i = at(w.toLowerCase());
			if (i < 0) fail('columnMissing', { row: 1 }, { column: w });
			return i;
		});
		for (const o of optional) {
			const i = at(o.toLowerCase());
			if (i >= 0 && !values.includes(i)) values.push(i);
		}
	} else values = lower.map((h, i) => (isMeta(h) || h === '' ? -1 : i)).filter((i) => i >= 0);
	const klammern = values.map((v) => {
		const i = lower.findIndex((h) => h === `${lower[v]}_klammern` || h === `klammern_${lower[v]}`);
		return i < 0 ? null : i;
	});
	return { id, x, y, flags: at(FLAGS), values, klammern };
}

const GRID_ID = /^CRS3035RES(\d+)mN(\d+)E(\d+)$/;

function toCell(record: string[], line: number, c: ReturnType<typeof resolveColumns>, opts: GridReadOptions, issues: IssueList): GridCell | null {
	const id = c.id >= 0 ? (record[c.id] ?? '').trim() : '';
	let x = c.x >= 0 ? Number((record[c.x] ?? '').replace(',', '.')) : NaN;
	let y = c.y >= 0 ? Number((record[c.y] ?? '').replace(',', '.')) : NaN;
	if (!Number.isFinite(x) || !Number.isFinite(y)) {
		// Centre from the id: the id names the lower-left corner.
		const m = GRID_ID.exec(id);
		if (m) {
			const half = Number(m[1]) / 2;
			[x, y] = [Number(m[3]) + half, Number(m[2]) + half];
		}
	}
	if (!Number.isFinite(x) || !Number.isFinite(y)) {
		issues.add(makeIssue('gridCellInvalid', 'warning', { row: line }, { id: id.slice(0, 60) }));
		return null;
	}
	const limited = c.flags >= 0 && isLimitedFlag(record[c.flags] ?? '');
	const values: (number | null)[] = [];
	const suppressed: boolean[] = [];
	let anyLimited = limited;
	c.values.forEach((col, k) => {
		const p = parseNumber(record[col] ?? '', { convention: 'comma', dashMeansZero: opts.dashMeansZero });
		values.push(p.kind === 'number' ? p.value : null);
		suppressed.push(p.kind === 'suppressed');
		if (p.kind === 'number' && p.limited) anyLimited = true;
		const kl = c.klammern[k];
		if (kl !== null && isLimitedFlag(record[kl] ?? '')) anyLimited = true;
		if (p.kind === 'text') issues.add(makeIssue('valueNotNumber', 'warning', { row: line, column: col }, { value: (record[col] ?? '').slice(0, 60) }));
	});
	return { id: id || `${x},${y}`, x, y, values, suppressed, limited: anyLimited, line };
}

// ---------------------------------------------------------------------------------------------------------
// Assignment of cells to districts

export interface DistrictBoundary {
	id: string;
	/** WGS84, as readBoundaries returns and the districts table stores. */
	geometry: BoundaryGeometry;
}

interface PreparedPolygon {
	district: number;
	bbox: [number, number, number, number];
	rings: Ring[];
}

/** District polygons in EPSG:3035 with a tile index; build once per set of boundaries. */
export class DistrictIndex {
	readonly districtIds: string[];
	readonly bbox: [number, number, number, number];
	/** Point-in-polygon tests done so far (for tests and benchmarks). */
	pointInPolygonTests = 0;
	private readonly polygons: PreparedPolygon[] = [];
	private readonly tiles = new Map<number, number[]>();
	private readonly tileSize: number;

	constructor(districts: DistrictBoundary[], tileSize = 1000) {
		this.districtIds = districts.map((d) => d.id);
		this.tileSize = tileSize;
		let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
		districts.forEach((d, district) => {
			for (const rings of reprojectGeometry(d.geometry, 'EPSG:3035')) {
				const bbox = ringBBox(rings[0]);
				this.polygons.push({ district, bbox, rings });
				[x0, y0, x1, y1] = [Math.min(x0, bbox[0]), Math.min(y0, bbox[1]), Math.max(x1, bbox[2]), Math.max(y1, bbox[3])];
			}
		});
		this.bbox = [x0, y0, x1, y1];
		this.polygons.forEach((p, i) => {
			for (let tx = Math.floor(p.bbox[0] / tileSize); tx <= Math.floor(p.bbox[2] / tileSize); tx++)
				for (let ty = Math.floor(p.bbox[1] / tileSize); ty <= Math.floor(p.bbox[3] / tileSize); ty++) {
					const key = tileKey(tx, ty);
					const list = this.tiles.get(key);
					if (list) list.push(i);
					else this.tiles.set(key, [i]);
				}
		});
	}

	/** Whether a point can be in any district at all (cheap; no assignment needed outside). */
	covers(x: number, y: number): boolean {
		const [x0, y0, x1, y1] = this.bbox;
		return x >= x0 && x <= x1 && y >= y0 && y <= y1;
	}

	/** Index of the district containing the point, or −1. A point on a shared border goes to the first district. */
	locate(x: number, y: number): number {
		if (!this.covers(x, y)) return -1;
		const candidates = this.tiles.get(tileKey(Math.floor(x / this.tileSize), Math.floor(y / this.tileSize)));
		if (!candidates) return -1;
		for (const i of candidates) {
			const p = this.polygons[i];
			if (x < p.bbox[0] || x > p.bbox[2] || y < p.bbox[1] || y > p.bbox[3]) continue;
			this.pointInPolygonTests++;
			if (pointInRing([x, y], p.rings[0]) < 0) continue;
			if (p.rings.slice(1).some((hole) => pointInRing([x, y], hole) > 0)) continue;
			return p.district;
		}
		return -1;
	}
}

const tileKey = (tx: number, ty: number) => tx * 1_000_003 + ty;

/**
 * Cell → district index for every cell inside the districts' bounding box (−1 = inside the box, in no
 * district). Cells outside the box are not stored: they are outside by a bounding-box test alone.
 */
export interface GridAssignment {
	districtIds: string[];
	byCell: Map<string, number>;
}

// ---------------------------------------------------------------------------------------------------------
// Aggregation

export type GridColumnKind = 'count' | 'share' | 'mean';

export interface GridColumnSpec {
	name: string;
	kind: GridColumnKind;
}

export interface GridAggregateOptions {
	index: DistrictIndex;
	/** Column kinds; default: `Anteil…` share, `Durchschnitt…` mean, else count. */
	columns?: GridColumnSpec[];
	/** Weight of shares and means: a count column of the same file (default `Einwohner`)… */
	weightColumn?: string;
	/** …or a lookup for when the population is in another file (cell id → population; null = suppressed). */
	weightOf?: (cellId: string) => number | null | undefined;
	/** A cached assignment: cells found there skip the point-in-polygon test. Extended in place. */
	assignment?: GridAssignment;
}

export interface GridColumnAggregate {
	name: string;
	kind: GridColumnKind;
	/** Sum of the known values (count) or of value × weight (share, mean). */
	sum: number;
	/** share/mean: Σ weight over cells where value and weight are known. */
	weight: number;
	/** share/mean: the weighted value Σ(value × weight) / Σ weight; count: the sum. null without data. */
	value: number | null;
	/** Cells with a known value (and, for share/mean, a known weight). */
	knownCells: number;
	/** Cells whose value is suppressed: the true total is at least `sum` (counts) / unknown there. */
	suppressedCells: number;
	/** share/mean: cells with a known value but suppressed or missing weight (left out of the weighting). */
	weightUnknownCells: number;
}

export interface DistrictAggregate {
	districtId: string;
	cells: number;
	limitedCells: number;
	columns: GridColumnAggregate[];
}

export interface GridAggregateResult {
	districts: DistrictAggregate[];
	assignment: GridAssignment;
	cellsOutside: number;
	/** Cells looked up in the cached assignment vs. located by point-in-polygon in this run. */
	cachedHits: number;
	located: number;
}

export function defaultColumnKind(name: string): GridColumnKind {
	if (/^anteil/i.test(name)) return 'share';
	if (/^durchschnitt|^mittel/i.test(name)) return 'mean';
	return 'count';
}

/** What {@link readZensusGrid} returns: the value columns are known once the header has been read. */
export interface GridSource {
	cells(): AsyncIterable<GridCell> | Iterable<GridCell>;
	report: { valueColumns: string[]; error?: ImportIssue | null };
}

/**
 * Aggregates the cells of a grid source to districts. Counts are summed; shares and means are weighted by
 * population (AnteilAuslaender × Einwohner / Σ Einwohner). A reading error is thrown as ImportError.
 */
export async function aggregateGrid(source: GridSource, opts: GridAggregateOptions): Promise<GridAggregateResult> {
	const { index } = opts;
	const assignment = opts.assignment ?? { districtIds: index.districtIds, byCell: new Map() };
	if (assignment.districtIds.join('\u0000') !== index.districtIds.join('\u0000')) throw new Error('assignment belongs to other districts');
	let specs: GridColumnSpec[] = [];
	let weightIdx = -1;
	let districts: DistrictAggregate[] = [];
	// The columns are known after the header, i.e. by the first cell (or at the end for a file without cells).
	const init = () => {
		const valueColumns = source.report.valueColumns;
		specs = valueColumns.map((name) => opts.columns?.find((c) => c.name === name) ?? { name, kind: defaultColumnKind(name) });
		const weightName = (opts.weightColumn ?? 'Einwohner').toLowerCase();
		weightIdx = valueColumns.findIndex((c) => c.toLowerCase() === weightName);
		districts = index.districtIds.map((districtId) => ({
			districtId,
			cells: 0,
			limitedCells: 0,
			columns: specs.map((s) => ({ name: s.name, kind: s.kind, sum: 0, weight: 0, value: null, knownCells: 0, suppressedCells: 0, weightUnknownCells: 0 }))
		}));
	};
	let ready = false;
	let cellsOutside = 0;
	let cachedHits = 0;
	let located = 0;

	const step = (cell: GridCell): void => {
		if (!ready) {
			init();
			ready = true;
		}
		if (!index.covers(cell.x, cell.y)) {
			cellsOutside++;
			return;
		}
		let d = assignment.byCell.get(cell.id);
		if (d === undefined) {
			d = index.locate(cell.x, cell.y);
			assignment.byCell.set(cell.id, d);
			located++;
		} else cachedHits++;
		if (d < 0) {
			cellsOutside++;
			return;
		}
		addCell(districts[d], cell, specs, weightIdx >= 0 ? cell.values[weightIdx] : (opts.weightOf?.(cell.id) ?? null));
	};
	// A synchronous source (cells already in memory) is walked without an await per cell: for millions of
	// cells the promise per element of `for await` costs more than the aggregation itself.
	const cells = source.cells();
	if (Symbol.asyncIterator in cells) for await (const cell of cells) step(cell);
	else for (const cell of cells) step(cell);
	if (source.report.error) throw new ImportError(source.report.error);
	if (!ready) init();
	for (const d of districts)
		for (const c of d.columns) c.value = c.kind === 'count' ? (c.knownCells ? c.sum : null) : c.weight > 0 ? c.sum / c.weight : null;
	return { districts, assignment, cellsOutside, cachedHits, located };
}

function addCell(agg: DistrictAggregate, cell: GridCell, specs: GridColumnSpec[], w: number | null | undefined): void {
	agg.cells++;
	if (cell.limited) agg.limitedCells++;
	specs.forEach((s, k) => {
		const col = agg.columns[k];
		const v = cell.values[k];
		if (cell.suppressed[k]) col.suppressedCells++;
		if (v === null) return;
		if (s.kind === 'count') {
			col.sum += v;
			col.knownCells++;
		} else if (w === null || w === undefined) col.weightUnknownCells++;
		else {
			col.sum += v * w;
			col.weight += w;
			col.knownCells++;
		}
	});
}

/** Collects one column of a grid file for the cells inside the districts' box (e.g. the population as weights). */
export async function collectGridColumn(source: GridSource, column: string, index: DistrictIndex): Promise<Map<string, number | null>> {
	const out = new Map<string, number | null>();
	let k = -1;
	for await (const c of source.cells()) {
		if (k < 0) {
			k = source.report.valueColumns.findIndex((name) => name.toLowerCase() === column.toLowerCase());
			if (k < 0) fail('columnMissing', {}, { column });
		}
		if (index.covers(c.x, c.y)) out.set(c.id, c.values[k]);
	}
	if (source.report.error) throw new ImportError(source.report.error);
	return out;
}
