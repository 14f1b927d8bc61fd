#!/usr/bin/env node
// `npm run bench:plan-workpaper`: time to produce the Local Action Plan as a working paper (XLSX, ODS, CSV) for a
// plan with 300 measures, through the built app on SQLite and PostgreSQL, logged in as the demo admin. Reference
// in the same run: LibreOffice (headless, Debian's libreoffice-calc-nogui) converting the same table, downloaded
// as CSV, to XLSX and ODS. Each figure is the median of BENCH_REPEAT runs (5). Writes
// bench/results/plan-workpaper.json and bench/results/plan-workpaper.md. Not part of the tests.
// Settings (env): BENCH_TARGETS (sqlite,postgres), BENCH_BUILD (auto|never|always), BENCH_MEASURES (300), BENCH_REPEAT (5),
// QUARTIER_BUILD_DIR (use this private build instead of build/).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { cleanupAll, onCleanup } from './lib/cleanup.js';
import { benchBuild } from './lib/build.js';
import { startPgCluster } from './lib/pg-cluster.js';
import { ADMIN, startApp } from './lib/app.js';
import { seedPlan } from './lib/seed-plan.js';
import { tail } from './lib/procs.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const SLUG = 'berlin';
const COOKIE = 'quartier_session';

const targets = (process.env.BENCH_TARGETS || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
for (const t of targets) if (!['sqlite', 'postgres'].includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}"`);
const buildMode = process.env.BENCH_BUILD || 'auto';
const measureCount = Number(process.env.BENCH_MEASURES || 300);
const repeat = Number(process.env.BENCH_REPEAT || 5);
if (!Number.isInteger(measureCount) || measureCount < 1 || measureCount > 5000) throw new Error('BENCH_MEASURES must be an integer from 1 to 5000');
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 50) throw new Error('BENCH_REPEAT must be an integer from 1 to 50');
const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
if (!soffice) throw new Error('LibreOffice (soffice) is needed as the reference: apt-get install libreoffice-calc-nogui');

const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function download(url, token) {
	const t0 = performance.now();
	const res = await fetch(url, { headers: { cookie: `${COOKIE}=${token}` }, redirect: 'manual' });
	const body = Buffer.from(await res.arrayBuffer());
	const ms = performance.now() - t0;
	if (res.status !== 200 || body.length < 100) throw new Error(`${url}: HTTP ${res.status}, ${body.length} bytes`);
	return { ms, body };
}

/** LibreOffice converting the CSV (German conventions) to another format; the first run also starts its profile. */
function libreOffice(work, csvFile, format) {
	const profile = `file://${join(work, 'lo-profile')}`;
	const t0 = performance.now();
	const r = spawnSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=${profile}`, '--infilter=CSV:59,34,76,1', '--convert-to', format, '--outdir', join(work, 'lo-out'), csvFile], { encoding: 'utf8' });
	const ms = performance.now() - t0;
	if (r.status !== 0 || !/convert/.test(r.stdout)) throw new Error(`LibreOffice failed: ${r.stdout}${r.stderr}`);
	return ms;
}

async function main() {
	const started = new Date();
	const work = join(here, '.work', `workpaper-${started.toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	mkdirSync(work, { recursive: true });
	onCleanup('work dir', () => rmSync(work, { recursive: true, force: true }));
	const build = benchBuild(root, buildMode, join(work, 'build'));
	let pg = null;
	if (targets.includes('postgres')) pg = await startPgCluster();

	const results = [];
	let reference = null;
	for (const target of targets) {
		const databaseUrl = target === 'sqlite' ? `sqlite:${join(work, 'bench.sqlite')}` : await pg.freshDatabase('quartier_bench_workpaper');
		const logFile = join(work, `app-${target}.log`);
		const app = await startApp({ buildDir: join(work, 'build'), databaseUrl, logFile, cwd: root });
		try {
			const seeded = await seedPlan(databaseUrl, { slug: SLUG, adminEmail: ADMIN.email, measureCount });
			const base = `${app.origin}/m/${SLUG}/plans/${seeded.planId}/workpaper/download?format=`;
			const row = { target, measures: measureCount };
			for (const format of ['xlsx', 'ods', 'csv']) {
				await download(base + format, seeded.sessionToken); // warm-up
				const times = [];
				let bytes = 0;
				for (let i = 0; i < repeat; i++) {
					const r = await download(base + format, seeded.sessionToken);
					times.push(r.ms);
					bytes = r.body.length;
					if (format === 'csv' && i === 0 && !reference) writeFileSync(join(work, 'plan.csv'), r.body);
				}
				row[format] = { ms: Math.round(median(times)), bytes };
			}
			if (!reference) {
				const csv = join(work, 'plan.csv');
				libreOffice(work, csv, 'xlsx'); // warm-up: creates the profile
				const ref = {};
				for (const format of ['xlsx', 'ods']) {
					const times = [];
					for (let i = 0; i < repeat; i++) times.push(libreOffice(work, csv, format));
					ref[format] = Math.round(median(times));
				}
				reference = ref;
			}
			results.push(row);
			console.log(`bench: ${target}: xlsx ${row.xlsx.ms} ms, ods ${row.ods.ms} ms, csv ${row.csv.ms} ms`);
		} catch (e) {
			throw new Error(`${e.message}\n--- app log ---\n${tail(logFile)}`);
		} finally {
			await app.stop();
		}
	}
	const out = {
		date: started.toISOString(),
		machine: { nproc: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100) },
		commit: git(['rev-parse', '--short', 'HEAD']),
		build,
		measureCount,
		repeat,
		reference,
		results
	};
	const dir = join(here, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'plan-workpaper.json'), JSON.stringify(out, null, 2) + '\n');
	const ratio = (a, b) => (a / b).toFixed(2);
	const lines = [
		`# Working paper: time to produce the Local Action Plan as XLSX, ODS and CSV (${measureCount} measures)`,
		'',
		`- Date: ${out.date}; commit ${out.commit}; ${out.machine.nproc} CPUs (${out.machine.cpuModel}), Node ${out.machine.node}, load average at start ${out.machine.loadavgAtStart.join(' / ')}`,
		`- Quartier: GET …/workpaper/download?format=… through the built app, logged in; median of ${repeat} requests after one warm-up (loads the plan, records the export snapshot, writes the file).`,
		`- Reference in the same run: ${spawnSync(soffice, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 2).join(' ')} (headless, a new process per conversion, start-up included) converting the same table, downloaded as CSV, to XLSX and ODS; median of ${repeat} runs after one warm-up.`,
		'',
		'| target | XLSX (ms) | ODS (ms) | CSV (ms) | XLSX ÷ LibreOffice | ODS ÷ LibreOffice | XLSX size (KB) |',
		'|---|---:|---:|---:|---:|---:|---:|',
		...results.map((r) => `| ${r.target} | ${r.xlsx.ms} | ${r.ods.ms} | ${r.csv.ms} | ${ratio(r.xlsx.ms, reference.xlsx)} | ${ratio(r.ods.ms, reference.ods)} | ${Math.round(r.xlsx.bytes / 1024)} |`),
		`| LibreOffice (reference) | ${reference.xlsx} | ${reference.ods} | – | 1.00 | 1.00 | – |`,
		''
	];
	writeFileSync(join(dir, 'plan-workpaper.md'), lines.join('\n'));
	console.log(lines.join('\n'));
}

main()
	.catch((e) => {
		console.error(e instanceof Error ? e.message : e);
		process.exitCode = 1;
	})
	.finally(() => cleanupAll());
