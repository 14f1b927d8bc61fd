// Child process of bench/grid/run.js: Quartier's side, alone in its own process so that its peak RSS is its own.
// argv: <bundle.mjs> <params.json> <out.json> <assignment.bin>. Builds the DistrictIndex, generates the cells
// (same seed as the parent), runs aggregateGrid twice (first assignment, then with the cached assignment) and
// writes timings, RSS, per-area sums and the per-cell assignment (Int16 per cell ordinal, −1 = none).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateCells, cellId } from './cells.js';

const [bundle, paramsFile, outFile, assignFile] = process.argv.slice(2);
const params = JSON.parse(readFileSync(paramsFile, 'utf8'));
const { DistrictIndex, aggregateGrid } = await import(pathToFileURL(bundle).href);
const mb = (kb) => Math.round(kb / 1024);
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

const geo = JSON.parse(readFileSync(params.geojson, 'utf8'));
const districts = geo.features.map((f) => ({ id: String(f.properties.PLR_ID), geometry: f.geometry }));
let t = performance.now();
const index = new DistrictIndex(districts);
const indexMs = performance.now() - t;

const g = generateCells(params.box, params.count, params.seed);
if (g.checksum !== params.checksum) throw new Error(`cells differ from the parent's (checksum ${g.checksum} ≠ ${params.checksum})`);
// GridCell objects as readZensusGrid yields them (one value column, Einwohner); built before timing.
const cells = new Array(g.count);
for (let k = 0; k < g.count; k++) {
	cells[k] = { id: cellId(g.east[k], g.north[k]), x: g.east[k] + 50, y: g.north[k] + 50, values: [g.pop[k]], suppressed: [false], limited: false, line: k };
}
const source = { report: { valueColumns: ['Einwohner'] }, cells: () => cells };
globalThis.gc?.();
const rssBefore = rssMb();
const maxRssBefore = mb(process.resourceUsage().maxRSS);

t = performance.now();
const first = await aggregateGrid(source, { index });
const firstMs = performance.now() - t;
const pipTests = index.pointInPolygonTests;
const maxRssFirst = mb(process.resourceUsage().maxRSS);

const cachedRuns = [];
let cached;
for (let run = 0; run < 2; run++) {
	t = performance.now();
	cached = await aggregateGrid(source, { index, assignment: first.assignment });
	cachedRuns.push(performance.now() - t);
}
const maxRssCached = mb(process.resourceUsage().maxRSS);
if (index.pointInPolygonTests !== pipTests) throw new Error('the cached re-aggregation ran point-in-polygon tests');

const sums = {};
for (const d of first.districts) sums[d.districtId] = { cells: d.cells, pop: d.columns[0].sum };
for (const d of cached.districts) if (d.columns[0].sum !== sums[d.districtId].pop) throw new Error(`cached sum differs for ${d.districtId}`);

const assign = new Int16Array(g.count);
for (let k = 0; k < g.count; k++) {
	const d = first.assignment.byCell.get(cells[k].id);
	assign[k] = d === undefined ? -1 : d;
}
writeFileSync(assignFile, Buffer.from(assign.buffer));
writeFileSync(outFile, JSON.stringify({
	indexBuildMs: indexMs,
	firstAssignmentMs: firstMs,
	cachedMs: cachedRuns,
	located: first.located,
	cachedHits: cached.cachedHits,
	cellsOutside: first.cellsOutside,
	assignmentEntries: first.assignment.byCell.size,
	pointInPolygonTests: pipTests,
	rssMb: { beforeAggregation: rssBefore, peakBeforeAggregation: maxRssBefore, peakAfterFirst: maxRssFirst, peakAfterCached: maxRssCached },
	districtIds: index.districtIds,
	sums
}));
