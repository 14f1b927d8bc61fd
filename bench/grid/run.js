#!/usr/bin/env node
// `npm run bench:grid`: aggregating 3 million synthetic 100 m grid cells (EPSG:3035) into the 542 Berlin planning
// areas (LOR 2021), with Quartier's zensus-grid.ts (tile index + bbox prefilter + point-in-polygon) beside PostGIS
// (ST_Contains join with GiST indexes) on the same data in the same run. Not part of the tests.
// Writes bench/grid/results/grid-aggregation.{md,json}. Settings (env): GRID_CELLS (3000000), GRID_SEED (20221),
// GRID_OUT (results dir), BENCH_DEBUG=1 (stack traces).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { cleanupAll, onCleanup } from '../lib/cleanup.js';
import { startPgCluster } from '../lib/pg-cluster.js';
import { run } from '../lib/procs.js';
import { generateCells, cellId } from './cells.js';
import { machine } from '../lib/machine.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));
// The 542 planning areas as the app's demo seeds them (WGS84; attribution in that folder's LICENSE.md).
const GEOJSON = join(root, 'src/lib/server/indicators/demo/plr-2021.geo.json');
const COUNT = Number(process.env.GRID_CELLS || 3_000_000);
const SEED = Number(process.env.GRID_SEED || 20221);
const OUT = process.env.GRID_OUT ? join(process.cwd(), process.env.GRID_OUT) : join(here, 'results');
const log = (m) => console.log(`bench:grid: ${m}`);
const ms = (x) => Math.round(x * 10) / 10;

function sh(cmd, args) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root });
	return r.status === 0 ? r.stdout.trim() : null;
}

function pgMajor() {
	const base = '/usr/lib/postgresql';
	const v = existsSync(base) ? sh('ls', [base])?.split('\n').filter((d) => existsSync(join(base, d, 'bin', 'initdb'))) : [];
	if (!v?.length) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, as `npm test` does)');
	return v.sort((a, b) => Number(a) - Number(b)).at(-1);
}

/** Installs Debian's PostGIS for the cluster's PostgreSQL major when its extension files are missing. */
function ensurePostgis(major) {
	if (existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)) return false;
	if (process.getuid?.() !== 0) throw new Error(`PostGIS for PostgreSQL ${major} is missing; run as root or: apt-get install -y postgresql-${major}-postgis-3`);
	const pkg = `postgresql-${major}-postgis-3`;
	log(`installing ${pkg} from Debian…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env });
	if (r.status !== 0) {
		spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
		r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env });
	}
	if (r.status !== 0 || !existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)) throw new Error(`apt-get install ${pkg} failed`);
	return true;
}


function command() {
	const env = Object.keys(process.env).filter((k) => k.startsWith('GRID_')).sort().map((k) => `${k}=${process.env[k]}`);
	return [...env, process.env.npm_lifecycle_event === 'bench:grid' ? 'npm run bench:grid' : 'node bench/grid/run.js'].join(' ');
}

function runChild(args, logFile) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const stop = onCleanup('quartier child', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			stop();
			writeFileSync(logFile, out);
			if (code === 0) resolve(out);
			else reject(new Error(`Quartier side failed (exit ${code ?? signal})\n${out.split('\n').slice(-30).join('\n')}`));
		});
	});
}

async function main() {
	const started = new Date();
	const host = machine();
	const major = pgMajor();
	const installed = ensurePostgis(major);
	const work = mkdtempSync(join(tmpdir(), 'quartier-bench-grid.'));
	onCleanup('work dir', () => rmSync(work, { recursive: true, force: true }));

	// 1. Bundle the production module (TypeScript) with esbuild and import it.
	const bundle = join(work, 'zensus-grid.mjs');
	run(join(root, 'node_modules/.bin/esbuild'), [join(here, 'entry.ts'), '--bundle', '--platform=node', '--format=esm', `--alias:$lib=${join(root, 'src/lib')}`, `--outfile=${bundle}`, '--log-level=warning',
		// CommonJS dependencies (exceljs via the import module graph) call require(): give the ESM bundle one.
		"--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"], { cwd: root });
	const { DistrictIndex, reprojectGeometry } = await import(pathToFileURL(bundle).href);

	// 2. Areas: the same EPSG:3035 coordinates (Quartier's proj4 reprojection) for both sides.
	const geo = JSON.parse(readFileSync(GEOJSON, 'utf8'));
	const areas = geo.features.map((f) => ({ id: String(f.properties.PLR_ID), name: f.properties.PLR_NAME, geometry: f.geometry }));
	const index = new DistrictIndex(areas);
	const box = index.bbox;
	log(`${areas.length} planning areas; bbox EPSG:3035 ${box.map((v) => Math.round(v)).join(', ')}`);

	// 3. Cells (deterministic) and the CSV for COPY.
	let t = performance.now();
	const g = generateCells(box, COUNT, SEED);
	log(`${COUNT} cells drawn from ${g.grid.total} (${g.grid.cols} × ${g.grid.rows}) in ${ms(performance.now() - t)} ms, checksum ${g.checksum}`);
	const csv = join(work, 'cells.csv');
	const fd = openSync(csv, 'w');
	let buf = '';
	for (let k = 0; k < g.count; k++) {
		buf += `${k},${cellId(g.east[k], g.north[k])},${g.pop[k]},SRID=3035;POINT(${g.east[k] + 50} ${g.north[k] + 50})\n`;
		if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
	}
	writeSync(fd, buf);
	closeSync(fd);
	const params = { geojson: GEOJSON, box, count: COUNT, seed: SEED, checksum: g.checksum };
	writeFileSync(join(work, 'params.json'), JSON.stringify(params));

	// 4. Quartier, in a child process of its own (peak RSS is then Quartier's alone).
	log('Quartier: first assignment and cached re-aggregation…');
	const qOut = join(work, 'quartier.json');
	const qAssign = join(work, 'assign.bin');
	await runChild(['--max-old-space-size=12000', '--expose-gc', join(here, 'quartier-side.js'), bundle, join(work, 'params.json'), qOut, qAssign], join(work, 'quartier.log'));
	const q = JSON.parse(readFileSync(qOut, 'utf8'));
	log(`Quartier: first ${ms(q.firstAssignmentMs)} ms, cached ${q.cachedMs.map(ms).join(' / ')} ms, peak RSS ${q.rssMb.peakAfterCached} MB`);

	// 5. PostGIS.
	const cluster = await startPgCluster();
	const url = await cluster.freshDatabase('grid_bench');
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	onCleanup('pg client', () => c.end().catch(() => {}));
	const timed = async (sql) => {
		const t0 = performance.now();
		const r = await c.query(sql);
		return { ms: performance.now() - t0, rows: r.rows };
	};
	await c.query('CREATE EXTENSION postgis');
	const versions = (await c.query("SELECT version() AS pg, postgis_lib_version() AS postgis, postgis_geos_version() AS geos, current_setting('max_parallel_workers_per_gather') AS par, current_setting('shared_buffers') AS sb, current_setting('work_mem') AS wm")).rows[0];
	await c.query('CREATE TABLE areas (id text PRIMARY KEY, name text, geom geometry(Polygon, 3035) NOT NULL)');
	const areaLoad = performance.now();
	for (const a of areas) {
		const rings = reprojectGeometry(a.geometry, 'EPSG:3035');
		if (rings.length !== 1) throw new Error(`area ${a.id}: ${rings.length} polygons`);
		await c.query('INSERT INTO areas VALUES ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 3035))', [a.id, a.name, JSON.stringify({ type: 'Polygon', coordinates: rings[0] })]);
	}
	const areaLoadMs = performance.now() - areaLoad;
	await c.query('CREATE TABLE cells (id integer PRIMARY KEY, cell_id text NOT NULL, pop integer NOT NULL, geom geometry(Point, 3035) NOT NULL)');
	log('PostGIS: COPY of the cells…');
	t = performance.now();
	run(join('/usr/lib/postgresql', major, 'bin', 'psql'), [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy cells (id, cell_id, pop, geom) FROM '${csv}' WITH (FORMAT csv)`]);
	const copyMs = performance.now() - t;
	const idxAreas = await timed('CREATE INDEX areas_geom ON areas USING gist (geom)');
	const idxCells = await timed('CREATE INDEX cells_geom ON cells USING gist (geom)');
	const analyze = await timed('ANALYZE areas, cells');
	const joinSql = 'SELECT a.id, sum(c.pop) AS pop, count(*) AS cells FROM cells c JOIN areas a ON ST_Contains(a.geom, c.geom) GROUP BY a.id';
	const plan = (await c.query(`EXPLAIN ${joinSql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
	log('PostGIS: ST_Contains join ×2…');
	const join1 = await timed(joinSql);
	const join2 = await timed(joinSql);
	log(`PostGIS: join ${ms(join1.ms)} / ${ms(join2.ms)} ms`);
	const mat = await timed('CREATE TABLE assign AS SELECT c.id AS cell_id, a.id AS area_id FROM cells c JOIN areas a ON ST_Contains(a.geom, c.geom)');
	// Not a primary key: where planning areas overlap slightly, ST_Contains puts a cell in two areas.
	const matIdx = await timed('CREATE INDEX assign_cell ON assign (cell_id)');
	await c.query('ANALYZE assign');
	const cachedSql = 'SELECT s.area_id, sum(c.pop) AS pop, count(*) AS cells FROM assign s JOIN cells c ON c.id = s.cell_id GROUP BY s.area_id';
	const cachedPlan = (await c.query(`EXPLAIN ${cachedSql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
	const cached1 = await timed(cachedSql);
	const cached2 = await timed(cachedSql);
	log(`PostGIS: cached ${ms(cached1.ms)} / ${ms(cached2.ms)} ms`);
	const backendPid = (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p;
	const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${backendPid}/status`, 'utf8'))?.[1];
	const tableMb = (await c.query("SELECT pg_total_relation_size('cells') / 1048576 AS m")).rows[0].m;

	// 6. Agreement: per-area sums and per-cell assignment.
	const pgAssign = new Int16Array(COUNT).fill(-1);
	const areaIdx = new Map(q.districtIds.map((id, i) => [id, i]));
	let multi = 0;
	for (const r of (await c.query({ text: 'SELECT cell_id, area_id FROM assign', rowMode: 'array' })).rows) {
		if (pgAssign[r[0]] !== -1) multi++;
		pgAssign[r[0]] = areaIdx.get(r[1]);
	}
	const qa = new Int16Array(readFileSync(qAssign).buffer.slice(0));
	const differing = [];
	for (let k = 0; k < COUNT; k++) if (qa[k] !== pgAssign[k]) differing.push({ cell: cellId(g.east[k], g.north[k]), quartier: q.districtIds[qa[k]] ?? null, postgis: q.districtIds[pgAssign[k]] ?? null });
	const pgSums = new Map(join1.rows.map((r) => [r.id, { pop: Number(r.pop), cells: Number(r.cells) }]));
	const cachedSums = new Map(cached1.rows.map((r) => [r.area_id, Number(r.pop)]));
	let areasDiffering = 0;
	let popInQuartier = 0;
	let popInPostgis = 0;
	for (const id of q.districtIds) {
		const a = q.sums[id].pop;
		const b = pgSums.get(id)?.pop ?? 0;
		popInQuartier += a;
		popInPostgis += b;
		if (a !== b || b !== (cachedSums.get(id) ?? 0) || join2.rows.length !== join1.rows.length) areasDiffering++;
	}
	const cellsInAreas = [...qa].filter((d) => d >= 0).length;
	await c.end();
	cluster.stop();

	// 7. Report.
	const ratio = (a, b) => Math.round((a / b) * 1000) / 1000;
	const pgFirstBest = Math.min(join1.ms, join2.ms);
	const pgCachedBest = Math.min(cached1.ms, cached2.ms);
	const qCachedBest = Math.min(...q.cachedMs);
	const report = {
		benchmark: 'grid-aggregation',
		date: started.toISOString(),
		command: command(),
		machine: { ...host, loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
		software: { postgres: versions.pg, postgis: versions.postgis, geos: versions.geos, postgisInstalledByRun: installed, git: sh('git', ['rev-parse', '--short', 'HEAD']), settings: { max_parallel_workers_per_gather: versions.par, shared_buffers: versions.sb, work_mem: versions.wm } },
		data: { areas: areas.length, cells: COUNT, seed: SEED, checksum: g.checksum, grid: g.grid, bbox3035: box, cellsInAnArea: cellsInAreas, population: { total: g.pop.reduce((s, v) => s + v, 0), inAreasQuartier: popInQuartier, inAreasPostgis: popInPostgis } },
		quartier: q.sums && { ...q, sums: undefined, districtIds: undefined },
		postgis: {
			areaInsertMs: areaLoadMs, copyMs, gistAreasMs: idxAreas.ms, gistCellsMs: idxCells.ms, analyzeMs: analyze.ms, cellsTableMb: Number(tableMb),
			joinMs: [join1.ms, join2.ms], materializeAssignmentMs: mat.ms, assignmentPkMs: matIdx.ms, cachedJoinMs: [cached1.ms, cached2.ms],
			backendPeakRssMb: hwm ? Math.round(Number(hwm) / 1024) : null, joinPlan: plan, cachedPlan
		},
		agreement: { areasWithDifferentSums: areasDiffering, differingCells: differing.length, cellsInSeveralAreasPostgis: multi, examples: differing.slice(0, 20) },
		ratios: {
			firstAssignment: { quartierDivPostgisJoinRun1: ratio(q.firstAssignmentMs, join1.ms), quartierDivPostgisJoinBest: ratio(q.firstAssignmentMs, pgFirstBest) },
			cached: { quartierBestDivPostgisBest: ratio(qCachedBest, pgCachedBest) }
		}
	};
	mkdirSync(OUT, { recursive: true });
	writeFileSync(join(OUT, 'grid-aggregation.json'), JSON.stringify(report, null, 2) + '\n');
	const md = markdown(report);
	writeFileSync(join(OUT, 'grid-aggregation.md'), md);
	console.log(`\n${md}`);
	log(`results written to ${relative(process.cwd(), OUT) || '.'}/grid-aggregation.{json,md}`);
}

function markdown(r) {
	const f = (x) => (Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1)) : 'n/a');
	const q = r.quartier;
	const p = r.postgis;
	const ra = (a, b) => (a / b).toFixed(2);
	return [
		'# Zensus grid aggregation: Quartier beside PostGIS',
		'',
		`${r.data.cells.toLocaleString('en')} synthetic 100 m cells (seed ${r.data.seed}, EPSG:3035): all ${r.data.grid.berlinBoxCells.toLocaleString('en')} cells of Berlin's bounding box, ` +
			`the rest drawn at random from a ${r.data.grid.marginCells * 100 / 1000} km wide ring around it (${r.data.grid.total.toLocaleString('en')} cells in the widened grid), as in the Germany-wide file of which Berlin is a part; ` +
			`${r.data.cellsInAnArea.toLocaleString('en')} fall in a planning area, aggregated into the ${r.data.areas} Berlin planning areas (LOR 2021), population summed per area.`,
		'',
		`- Date: ${r.date}`,
		`- Machine: ${r.machine.nproc} CPUs (nproc), ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, load average at start ${r.machine.loadavgAtStart.join(' / ')}, at end ${r.machine.loadavgAtEnd.join(' / ')}`,
		`- Software: Node ${r.machine.node}; ${r.software.postgres.split(' on ')[0]}, PostGIS ${r.software.postgis}, GEOS ${r.software.geos} (Debian packages; default settings: max_parallel_workers_per_gather ${r.software.settings.max_parallel_workers_per_gather}, shared_buffers ${r.software.settings.shared_buffers}, work_mem ${r.software.settings.work_mem}); commit ${r.software.git}`,
		`- Command: \`${r.command}\``,
		'',
		'| step | Quartier (ms) | PostGIS (ms) | Quartier ÷ PostGIS |',
		'|---|---:|---:|---:|',
		`| first assignment + sums (Quartier: \`aggregateGrid\`, tile index + PIP; PostGIS: \`ST_Contains\` join, run 1) | ${f(q.firstAssignmentMs)} | ${f(p.joinMs[0])} | ${ra(q.firstAssignmentMs, p.joinMs[0])} |`,
		`| same, PostGIS run 2 | – | ${f(p.joinMs[1])} | ${ra(q.firstAssignmentMs, p.joinMs[1])} |`,
		`| cached re-aggregation, run 1 (Quartier: cached assignment Map; PostGIS: assignment table joined by id) | ${f(q.cachedMs[0])} | ${f(p.cachedJoinMs[0])} | ${ra(q.cachedMs[0], p.cachedJoinMs[0])} |`,
		`| cached re-aggregation, run 2 | ${f(q.cachedMs[1])} | ${f(p.cachedJoinMs[1])} | ${ra(q.cachedMs[1], p.cachedJoinMs[1])} |`,
		'',
		'Preparation, not in the figures above:',
		'',
		'| step | ms |',
		'|---|---:|',
		`| Quartier: \`new DistrictIndex\` (reprojection of 542 polygons + tile index) | ${f(q.indexBuildMs)} |`,
		`| PostGIS: INSERT of the 542 polygons | ${f(p.areaInsertMs)} |`,
		`| PostGIS: COPY of ${r.data.cells.toLocaleString('en')} cells (psql \\copy, EWKT points) | ${f(p.copyMs)} |`,
		`| PostGIS: GiST index on areas / on cells | ${f(p.gistAreasMs)} / ${f(p.gistCellsMs)} |`,
		`| PostGIS: ANALYZE | ${f(p.analyzeMs)} |`,
		`| PostGIS: materialise the assignment table (CREATE TABLE AS … ST_Contains) / its index on cell_id | ${f(p.materializeAssignmentMs)} / ${f(p.assignmentPkMs)} |`,
		'',
		`Memory: Quartier's process (cells as GridCell objects, as readZensusGrid yields them, already in memory) ${q.rssMb.beforeAggregation} MB RSS before the aggregation, peak ${q.rssMb.peakAfterFirst} MB after the first assignment ` +
			`(the cached assignment holds ${q.assignmentEntries.toLocaleString('en')} entries), peak ${q.rssMb.peakAfterCached} MB after the cached runs. ` +
			`PostgreSQL: the session backend's peak RSS ${p.backendPeakRssMb ?? 'n/a'} MB (parallel workers not counted); the cells table with its indexes takes ${p.cellsTableMb} MB.`,
		'',
		`Agreement: ${r.agreement.areasWithDifferentSums} of ${r.data.areas} areas have different population sums; ${r.agreement.differingCells} cell(s) are assigned differently ` +
			`(${r.agreement.cellsInSeveralAreasPostgis} cell(s) lie where two planning-area polygons overlap slightly: PostGIS counts them in both areas, Quartier in the first only; a centre exactly on a border would be inside for Quartier, outside for ST_Contains). ` +
			`Quartier did ${q.pointInPolygonTests.toLocaleString('en')} point-in-polygon tests for ${q.located.toLocaleString('en')} cells in the areas' box and none in the cached runs.`,
		'',
		'Ratios below 1 mean Quartier is faster. Quartier runs on one core (Node, single thread); PostgreSQL may use parallel workers ' +
			'(see the plans in the JSON). Both sides start from data already loaded (Quartier: objects in memory; PostGIS: an indexed table); ' +
			'reading the CSV is not measured. Raw figures and query plans: `grid-aggregation.json`.',
		''
	].join('\n');
}

main()
	.then(() => { cleanupAll(); process.exit(0); })
	.catch((e) => {
		console.error(`\nbench:grid FAILED: ${e?.stack && process.env.BENCH_DEBUG ? e.stack : e?.message ?? e}`);
		cleanupAll();
		process.exit(1);
	});
