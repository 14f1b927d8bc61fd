#!/usr/bin/env node
// `npm run bench`: requests/s and p50/p99 latency of the plan table page (/m/<slug>/plans/<planId>, a plan with
// 200 measures) under autocannon, for the built app on SQLite and on PostgreSQL, next to nginx serving the same
// HTML as a static file. Writes bench/results/plan-table.json (raw figures) and bench/results/plan-table.md.
// Not part of the tests. Settings (env): BENCH_DURATION (s, 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10),
// BENCH_TARGETS (sqlite,postgres), BENCH_BUILD (auto|never|always), BENCH_PATH (another page, for trying the
// harness; results then go to bench/.work/results unless BENCH_OUT is set), BENCH_OUT (results dir),
// BENCH_PAGE=portal: the public portal page of the plan's district instead (the plan is submitted and resolved
// through the app's own forms first; the page is read anonymously, as residents do, so the portal's page cache
// answers; results in bench/results/portal-page.{json,md}). BENCH_PORTAL_CACHE_MB: the app's PORTAL_CACHE_MB (0: the
// cache off, every request rendered; results in portal-page-uncached.{json,md}).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { cleanupAll, onCleanup } from './lib/cleanup.js';
import { benchBuild } from './lib/build.js';
import { startPgCluster } from './lib/pg-cluster.js';
import { ADMIN, startApp } from './lib/app.js';
import { MEASURE_COUNT, openBenchDb, seedPlan } from './lib/seed-plan.js';
import { ensureNginx, nginxVersion, startNginx } from './lib/nginx.js';
import { measure } from './lib/load.js';
import { tail } from './lib/procs.js';
import { waitForQuiet } from './lib/cpu.js';
import { machine } from './lib/machine.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const SLUG = 'berlin';
const COOKIE = 'quartier_session';

function intEnv(name, def, min, max) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return def;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
	return n;
}

function settings() {
	const targets = (process.env.BENCH_TARGETS || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
	for (const t of targets) if (!['sqlite', 'postgres'].includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (sqlite, postgres)`);
	if (!targets.length) throw new Error('BENCH_TARGETS is empty');
	const build = process.env.BENCH_BUILD || 'auto';
	if (!['auto', 'never', 'always'].includes(build)) throw new Error('BENCH_BUILD must be auto, never or always');
	const customPath = process.env.BENCH_PATH || null;
	const pageKind = process.env.BENCH_PAGE || 'plan';
	if (!['plan', 'portal'].includes(pageKind)) throw new Error('BENCH_PAGE must be plan or portal');
	if (customPath && !customPath.startsWith('/')) throw new Error('BENCH_PATH must start with /');
	return {
		duration: intEnv('BENCH_DURATION', 10, 1, 600),
		warmup: intEnv('BENCH_WARMUP', 2, 0, 60),
		quietWait: intEnv('BENCH_QUIET_WAIT', 30, 0, 3600),
		connections: intEnv('BENCH_CONNECTIONS', 10, 1, 1000),
		targets,
		build,
		customPath,
		pageKind,
		// BENCH_PORTAL_CACHE_MB: the app's PORTAL_CACHE_MB (0: the page cache off, results in portal-page-uncached.*).
		portalCacheMb: process.env.BENCH_PORTAL_CACHE_MB ?? null,
		name: pageKind === 'portal' ? (process.env.BENCH_PORTAL_CACHE_MB === '0' ? 'portal-page-uncached' : 'portal-page') : 'plan-table',
		out: process.env.BENCH_OUT ? join(process.cwd(), process.env.BENCH_OUT) : join(here, customPath ? '.work/results' : 'results')
	};
}

function sh(cmd, args) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root });
	return r.status === 0 ? r.stdout.trim() : null;
}


function command() {
	const env = Object.keys(process.env)
		.filter((k) => k.startsWith('BENCH_'))
		.sort()
		.map((k) => `${k}=${process.env[k]}`);
	const base = process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'node bench/run.js';
	return [...env, base].join(' ');
}

/** Fetches the page as the logged-in admin; checks it is 200 and, for the plan page, shows all 200 measures. */
async function fetchPage(url, token, measureTitles) {
	const res = await fetch(url, { headers: token ? { cookie: `${COOKIE}=${token}` } : {}, redirect: 'manual' });
	const html = await res.text();
	if (res.status !== 200) {
		const where = res.headers.get('location') ? ` (redirect to ${res.headers.get('location')})` : '';
		throw new Error(`sanity check: GET ${url} answered ${res.status}${where}, expected 200\n${html.slice(0, 600)}`);
	}
	const rows = (html.match(/<tr[\s>]/g) ?? []).length;
	if (measureTitles) {
		const missing = measureTitles.filter((t) => !html.includes(t));
		if (missing.length) {
			throw new Error(`sanity check: the plan page shows ${measureTitles.length - missing.length} of ${measureTitles.length} measures (missing e.g. "${missing[0]}"); is the table paginated or filtered?`);
		}
		if (rows < measureTitles.length) throw new Error(`sanity check: only ${rows} table rows for ${measureTitles.length} measures`);
	}
	return { html, bytes: Buffer.byteLength(html), tableRows: rows, contentType: res.headers.get('content-type'), portalCache: res.headers.get('x-portal-cache') };
}

/** Submits the seeded plan as version 1 and records its resolution, through the app's forms (CSRF token, origin). */
async function resolvePlan(origin, seeded) {
	const cookie = `${COOKIE}=${seeded.sessionToken}`;
	const csrfOf = async (path) => {
		const html = await (await fetch(`${origin}${path}`, { headers: { cookie } })).text();
		const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
		if (!token) throw new Error(`no CSRF token on ${path}`);
		return token;
	};
	const post = async (path, fields) => {
		const token = await csrfOf(path.split('?')[0]);
		const res = await fetch(`${origin}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ _csrf: token, ...fields })
		});
		if (res.status !== 303) throw new Error(`POST ${path}: HTTP ${res.status}\n${(await res.text()).slice(0, 400)}`);
		return res.headers.get('location');
	};
	const versions = `/m/${SLUG}/plans/${seeded.planId}/versions`;
	const location = await post(`${versions}?/submit`, { note: 'Benchmark' });
	const versionId = /versions\/([0-9a-f-]{36})/.exec(location)?.[1];
	if (!versionId) throw new Error(`submitting the plan did not lead to a version (${location})`);
	await post(`${versions}/${versionId}?/resolve`, { body: 'Bezirksverordnetenversammlung', date: new Date().toISOString().slice(0, 10), referenceNumber: 'DS/0001/2026', link: '', notes: '' });
}

function fmt(x, d = 2) {
	return Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

/** How the portal page was read: anonymously, from the page cache or (PORTAL_CACHE_MB=0) rendered on every request. */
function portalNote(r) {
	if (r.settings.portalCacheMb === '0') return ', read anonymously; page cache switched off (`PORTAL_CACHE_MB=0`): every request is rendered';
	const states = r.targets.filter((t) => t.portalCache !== undefined).map((t) => `${t.label}: ${t.portalCache ?? 'not cached'}`);
	return `, read anonymously as residents do, from the portal's page cache (a request just before the load answered \`x-portal-cache\` ${states.join(', ')})`;
}

function markdown(r) {
	const lines = [
		r.settings.pageKind === 'portal' ? '# Public portal page of a district: requests/s and latency' : '# Plan table page: requests/s and latency',
		'',
		`Page: \`${r.settings.path}\` (${r.settings.customPath ? 'custom page' : r.settings.pageKind === 'portal' ? `public district page with the resolved plan of ${MEASURE_COUNT} measures, map and progress, no login needed` : `action plan with ${MEASURE_COUNT} measures`}), ` +
			`${r.page.bytes.toLocaleString('en')} bytes of HTML${r.settings.pageKind === 'portal' ? portalNote(r) : ', logged in as the demo admin'}.`,
		'',
		`- Date: ${r.date}`,
		`- Machine: ${r.machine.nproc} CPUs (nproc), ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ` +
			`load average at start ${r.machine.loadavgAtStart.join(' / ')}`,
		`- Software: ${r.software.postgres ?? 'PostgreSQL not used'}, better-sqlite3 ${r.software.betterSqlite3}, nginx ${r.software.nginx}, autocannon ${r.software.autocannon}`,
		`- App: commit ${r.software.git.commit}${r.software.git.uncommittedSrc ? ` plus ${r.software.git.uncommittedSrc} uncommitted file(s) under src/` : ''}, build from ${r.build.builtAt}`,
		`- Load: autocannon, ${r.settings.connections} connections, ${r.settings.warmupS} s warm-up (not counted), then ${r.settings.durationS} s per target, 127.0.0.1 only`,
		`- Command: \`${r.command}\``,
		'',
		'| target | req/s | p50 (ms) | p99 (ms) | req/s ÷ nginx | p99 ÷ nginx |',
		'|---|---:|---:|---:|---:|---:|'
	];
	for (const t of r.targets) {
		const isRef = t.name === 'nginx';
		lines.push(
			`| ${t.label} | ${fmt(t.requestsPerSecond, 1)} | ${fmt(t.latencyMs.p50)} | ${fmt(t.latencyMs.p99)} | ` +
				`${isRef ? '1 (reference)' : fmt(t.ratioToNginx.requestsPerSecond, 3)} | ${isRef ? '1 (reference)' : fmt(t.ratioToNginx.p99, 1)} |`
		);
	}
	lines.push(
		'',
		`Responses measured, and CPU used during each measured run in cores of ${r.machine.nproc} (1.00 = one core busy all the time):`,
		'',
		'| target | responses | server process(es) | PostgreSQL | autocannon | other processes |',
		'|---|---:|---:|---:|---:|---:|',
		...r.targets.map((t) => {
			const c = t.cpuCores ?? {};
			return `| ${t.label} | ${t.requests} | ${fmt(c.server)} | ${c.postgres === undefined ? '–' : fmt(c.postgres)} | ${fmt(c.loadGenerator)} | ${fmt(c.other)} |`;
		}),
		'',
		'"other processes" well above 0 means other work shared the machine during that run: its figures are noisy.',
		...(r.targets.some((t) => t.requests < 1000)
			? [`With fewer than 1,000 responses the p99 is one of the slowest few responses (with fewer than 100 it is the slowest); a longer run (BENCH_DURATION=60) gives a steadier p99.`]
			: []),
		'',
		...r.targets
			.filter((t) => t.failures.errors || t.failures.timeouts)
			.flatMap((t) => [`- ${t.label}: ${t.failures.errors} failed request(s), ${t.failures.timeouts} of them timed out (> 30 s); they are not in the latency figures.`, '']),
		'req/s ÷ nginx: share of the static-file throughput the app reaches on this page (higher is better). ' +
			'p99 ÷ nginx: how many times slower the slowest 1 % of app responses are (lower is better). ' +
			`Raw figures: \`${r.settings.name}.json\`; how to read them: \`../README.md\`.`,
		''
	);
	return lines.join('\n');
}

/** Gives a busy shared machine up to BENCH_QUIET_WAIT seconds to calm down before a measurement. */
async function quietMachine(s) {
	if (!s.quietWait) return null;
	const q = await waitForQuiet({ maxWaitS: s.quietWait });
	if (q.waitedS > 2) {
		console.log(`bench: waited ${q.waitedS} s for other processes to calm down (now ${q.otherCores} cores busy)`);
	}
	return q;
}

async function main() {
	const s = settings();
	const started = new Date();
	const host = machine();
	const routeDir = join(root, 'src', 'routes', 'm', '[municipality]', 'plans');
	if (!s.customPath && !existsSync(routeDir)) {
		throw new Error(`the plan table page does not exist yet (${relative(root, routeDir)}); set BENCH_PATH=/m/${SLUG}/<page> to try the harness on another page`);
	}
	const nginxBin = ensureNginx();

	const work = join(here, '.work', `run-${started.toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	mkdirSync(work, { recursive: true });
	onCleanup('work dir', () => rmSync(work, { recursive: true, force: true }));

	const buildDir = join(work, 'build');
	const build = benchBuild(root, s.build, buildDir);
	console.log(`bench: using a copy of build/ from ${build.builtAt}${build.rebuilt ? ' (freshly built)' : ''}`);

	let pgCluster = null;
	if (s.targets.includes('postgres')) {
		pgCluster = await startPgCluster();
		console.log(`bench: ${pgCluster.version} throwaway cluster started`);
	}

	const results = [];
	let staticHtml = null;
	let page = null;
	for (const target of s.targets) {
		const databaseUrl = target === 'sqlite' ? `sqlite:${join(work, 'bench.sqlite')}` : await pgCluster.freshDatabase('quartier_bench');
		const logFile = join(work, `app-${target}.log`);
		const app = await startApp({ buildDir, databaseUrl, logFile, cwd: root, env: s.portalCacheMb !== null ? { PORTAL_CACHE_MB: s.portalCacheMb } : {} });
		try {
			const seeded = await seedPlan(databaseUrl, { slug: SLUG, adminEmail: ADMIN.email });
			let path = s.customPath ?? `/m/${SLUG}/plans/${seeded.planId}`;
			if (s.pageKind === 'portal' && !s.customPath) {
				await resolvePlan(app.origin, seeded);
				const db = openBenchDb(databaseUrl);
				const plan = await db.selectFrom('action_plan').select('district_id').where('id', '=', seeded.planId).executeTakeFirstOrThrow();
				await db.destroy();
				path = `/p/${SLUG}/districts/${plan.district_id}`;
			}
			const url = `${app.origin}${path}`;
			// The public page is measured as residents read it: anonymously (no session cookie), which is what the
			// portal's page cache serves; a logged-in reader's page carries their name and is rendered every time.
			const anonymous = s.pageKind === 'portal';
			const p = await fetchPage(url, anonymous ? null : seeded.sessionToken, s.customPath || s.pageKind === 'portal' ? null : seeded.measureTitles);
			if (s.pageKind === 'portal') {
				const missing = seeded.measureTitles.filter((t) => !p.html.includes(t.replace(/&/g, '&amp;')));
				if (missing.length) throw new Error(`sanity check: the portal page misses ${missing.length} of ${seeded.measureTitles.length} measures (e.g. "${missing[0]}")`);
			}
			console.log(`bench: ${target}: seeded ${seeded.counts.measure} measures; ${path} is ${p.bytes} bytes, ${p.tableRows} table rows`);
			if (!staticHtml) {
				staticHtml = join(work, 'plan.html');
				writeFileSync(staticHtml, p.html);
				page = { path: s.customPath ?? (s.pageKind === 'portal' ? `/p/${SLUG}/districts/<districtId>` : `/m/${SLUG}/plans/<planId>`), bytes: p.bytes, tableRows: p.tableRows, contentType: p.contentType, fixture: seeded.counts, from: target };
			}
			const quiet = await quietMachine(s);
			console.log(`bench: ${target}: ${s.warmup} s warm-up + ${s.duration} s with ${s.connections} connections…`);
			const loadBefore = loadavg()[0];
			const cpuGroups = { server: { pids: [app.pid], tree: true } };
			if (target === 'postgres') cpuGroups.postgres = { pids: [pgCluster.pid()], tree: true };
			const cacheState = anonymous ? (await fetchPage(url, null, null)).portalCache : null;
			const m = await measure({ url, headers: anonymous ? {} : { cookie: `${COOKIE}=${seeded.sessionToken}` }, connections: s.connections, duration: s.duration, warmup: s.warmup, cpuGroups });
			if (!app.alive()) throw new Error(`the app (${target}) died during the load`);
			if (m.problem) throw new Error(`${target}: ${m.problem}`);
			results.push({ name: target, label: target === 'sqlite' ? 'app on SQLite' : 'app on PostgreSQL', htmlBytes: p.bytes, portalCache: cacheState, plannerStatsAnalyzed: seeded.analyzed, loadavg1Before: loadBefore, quiet, ...m });
			console.log(`bench: ${target}: ${m.requestsPerSecond} req/s, p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms`);
		} catch (e) {
			e.message += `\n--- app log (${target}) ---\n${tail(logFile, 20)}`;
			throw e;
		} finally {
			await app.stop();
		}
	}
	pgCluster?.stop();

	const nginxDir = join(work, 'nginx');
	mkdirSync(nginxDir);
	const nginx = await startNginx(nginxBin, nginxDir, staticHtml);
	try {
		const check = await fetch(nginx.url);
		const body = await check.text();
		if (check.status !== 200 || Buffer.byteLength(body) !== page.bytes) throw new Error(`nginx does not serve the saved page (HTTP ${check.status}, ${Buffer.byteLength(body)} bytes)`);
		const quiet = await quietMachine(s);
		console.log(`bench: nginx: ${s.warmup} s warm-up + ${s.duration} s with ${s.connections} connections…`);
		const loadBefore = loadavg()[0];
		// Same request as for the app, cookie included, so only the server side differs.
		const m = await measure({ url: nginx.url, headers: s.pageKind === 'portal' ? {} : { cookie: `${COOKIE}=x` }, connections: s.connections, duration: s.duration, warmup: s.warmup, cpuGroups: { server: { pids: [nginx.pid], tree: true } } });
		if (m.problem) throw new Error(`nginx: ${m.problem}`);
		results.push({ name: 'nginx', label: 'nginx, same HTML as static file', htmlBytes: page.bytes, loadavg1Before: loadBefore, quiet, ...m });
		console.log(`bench: nginx: ${m.requestsPerSecond} req/s, p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms`);
	} finally {
		await nginx.stop();
	}

	const ref = results.find((t) => t.name === 'nginx');
	for (const t of results) {
		t.ratioToNginx = {
			requestsPerSecond: Math.round((t.requestsPerSecond / ref.requestsPerSecond) * 1000) / 1000,
			p99: ref.latencyMs.p99 > 0 ? Math.round((t.latencyMs.p99 / ref.latencyMs.p99) * 100) / 100 : null
		};
	}
	const pkgVersion = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
	const report = {
		benchmark: s.name,
		date: started.toISOString(),
		command: command(),
		machine: host,
		software: {
			nginx: nginxVersion(nginxBin),
			postgres: pgCluster?.version ?? null,
			betterSqlite3: pkgVersion('better-sqlite3'),
			autocannon: pkgVersion('autocannon'),
			git: {
				commit: sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown',
				uncommittedSrc: (sh('git', ['status', '--porcelain', '--', 'src']) ?? '').split('\n').filter(Boolean).length
			}
		},
		build,
		settings: { path: page.path, customPath: Boolean(s.customPath), pageKind: s.pageKind, portalCacheMb: s.portalCacheMb, name: s.name, connections: s.connections, durationS: s.duration, warmupS: s.warmup, targets: [...s.targets, 'nginx'] },
		page,
		targets: results
	};
	report.machine.loadavgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
	mkdirSync(s.out, { recursive: true });
	writeFileSync(join(s.out, `${s.name}.json`), JSON.stringify(report, null, 2) + '\n');
	const md = markdown(report);
	writeFileSync(join(s.out, `${s.name}.md`), md);
	console.log(`\n${md}`);
	console.log(`bench: results written to ${relative(process.cwd(), s.out) || '.'}/${s.name}.{json,md}`);
}

main()
	.then(() => {
		cleanupAll();
		process.exit(0);
	})
	.catch((e) => {
		console.error(`\nbench FAILED: ${e?.stack && process.env.BENCH_DEBUG ? e.stack : e?.message ?? e}`);
		cleanupAll();
		process.exit(1);
	});
