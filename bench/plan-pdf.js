#!/usr/bin/env node
// `npm run bench:plan-pdf`: time to produce the Local Action Plan PDF (tagged, PDF/UA-1, Typst in a worker thread)
// for a plan with 300 measures, through the built app on SQLite and PostgreSQL, logged in as the demo admin.
// Per target: the first request (starts the worker, loads the fonts), then one request per document language
// (each a fresh compilation: the language changes the content hash), then a repeated request (content-hash cache).
// While a PDF is compiled, /healthz is polled every 20 ms: its slowest answer shows whether the server stays
// responsive. Writes bench/results/plan-pdf.json and bench/results/plan-pdf.md. Not part of the tests.
// Settings (env): BENCH_TARGETS (sqlite,postgres), BENCH_BUILD (auto|never|always), BENCH_MEASURES (300),
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
if (!Number.isInteger(measureCount) || measureCount < 1 || measureCount > 5000) throw new Error('BENCH_MEASURES must be an integer from 1 to 5000');

const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';

/** One timed download; checks that a PDF came back. */
async function download(url, token) {
	const t0 = performance.now();
	const res = await fetch(url, { headers: { cookie: `${COOKIE}=${token}` }, redirect: 'manual' });
	const body = Buffer.from(await res.arrayBuffer());
	const ms = performance.now() - t0;
	if (res.status !== 200 || body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${url}: HTTP ${res.status}, ${body.length} bytes`);
	return { ms: Math.round(ms), bytes: body.length };
}

/** Runs `work` while polling /healthz; returns work's result and the slowest /healthz answer (ms). */
async function withResponsiveness(origin, work) {
	let stop = false;
	let slowest = 0;
	let polls = 0;
	const poller = (async () => {
		while (!stop) {
			const t0 = performance.now();
			await fetch(`${origin}/healthz`).then((r) => r.arrayBuffer());
			slowest = Math.max(slowest, performance.now() - t0);
			polls++;
			await new Promise((r) => setTimeout(r, 20));
		}
	})();
	try {
		return { result: await work(), healthzSlowestMs: Math.round(slowest), healthzPolls: polls };
	} finally {
		stop = true;
		await poller;
	}
}

async function main() {
	const started = new Date();
	const work = join(here, '.work', `pdf-${started.toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	mkdirSync(work, { recursive: true });
	onCleanup('work dir', () => rmSync(work, { recursive: true, force: true }));
	const build = benchBuild(root, buildMode, join(work, 'build'));
	let pg = null;
	if (targets.includes('postgres')) pg = await startPgCluster();

	const results = [];
	for (const target of targets) {
		const databaseUrl = target === 'sqlite' ? `sqlite:${join(work, 'bench.sqlite')}` : await pg.freshDatabase('quartier_bench_pdf');
		const logFile = join(work, `app-${target}.log`);
		const app = await startApp({ buildDir: join(work, 'build'), databaseUrl, logFile, cwd: root });
		try {
			const seeded = await seedPlan(databaseUrl, { slug: SLUG, adminEmail: ADMIN.email, measureCount });
			const base = `${app.origin}/m/${SLUG}/plans/${seeded.planId}/document.pdf`;
			const first = await withResponsiveness(app.origin, () => download(base, seeded.sessionToken));
			const perLanguage = [];
			for (const lang of ['en', 'tr', 'ar']) {
				const r = await withResponsiveness(app.origin, () => download(`${base}?lang=${lang}`, seeded.sessionToken));
				perLanguage.push({ lang, ms: r.result.ms, bytes: r.result.bytes, healthzSlowestMs: r.healthzSlowestMs, healthzPolls: r.healthzPolls });
			}
			const cached = await download(`${base}?lang=en`, seeded.sessionToken);
			results.push({
				target,
				measures: seeded.counts?.measure ?? measureCount,
				first: { ...first.result, healthzSlowestMs: first.healthzSlowestMs },
				perLanguage,
				cached
			});
			console.log(`bench: ${target}: first ${first.result.ms} ms, fresh ${perLanguage.map((p) => `${p.lang} ${p.ms} ms`).join(', ')}, cached ${cached.ms} ms`);
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
		results
	};
	const dir = join(here, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'plan-pdf.json'), JSON.stringify(out, null, 2) + '\n');
	const lines = [
		`# Plan PDF: time to produce the Local Action Plan as a tagged PDF (${measureCount} measures)`,
		'',
		`- Date: ${out.date}; commit ${out.commit}; ${out.machine.nproc} CPUs (${out.machine.cpuModel}), Node ${out.machine.node}, load average at start ${out.machine.loadavgAtStart.join(' / ')}`,
		'- Through the built app (GET …/document.pdf, logged in), Typst 0.14 (typst-ts-node-compiler 0.7) in one worker thread, PDF/UA-1.',
		'- "fresh": a new compilation (another document language, so another content hash); "cached": the same request again.',
		'- /healthz slowest: the slowest answer of the server to /healthz polled every 20 ms during that compilation (the event loop is not blocked).',
		'- A load average above the number of CPUs means other work shared the machine: the figures are then inflated accordingly.',
		'',
		'| target | first request (ms) | fresh en / tr / ar (ms) | cached (ms) | PDF size (KB) | /healthz slowest during compile (ms) |',
		'|---|---:|---:|---:|---:|---:|',
		...results.map(
			(r) =>
				`| ${r.target} | ${r.first.ms} | ${r.perLanguage.map((p) => p.ms).join(' / ')} | ${r.cached.ms} | ${Math.round(r.first.bytes / 1024)} | ${Math.max(r.first.healthzSlowestMs, ...r.perLanguage.map((p) => p.healthzSlowestMs))} |`
		),
		''
	];
	writeFileSync(join(dir, 'plan-pdf.md'), lines.join('\n'));
	console.log(lines.join('\n'));
}

main()
	.catch((e) => {
		console.error(e instanceof Error ? e.message : e);
		process.exitCode = 1;
	})
	.finally(() => cleanupAll());
