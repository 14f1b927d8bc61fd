#!/usr/bin/env node
// `npm run bench:survey-submit`: survey submission under load. N concurrent respondents (autocannon connections,
// default 200) send a 20-question survey to the kiosk endpoint POST /s/<token>/responses, each request with a new
// response id; a share of requests (BENCH_RESEND, default 0.1) re-sends an id that was already acknowledged, as a
// kiosk does after a lost acknowledgement. Afterwards the database must hold every acknowledged response exactly
// once, and nothing else (the exactly-once proof; the script exits 1 when it fails).
//
// Reference in the same run: nginx (Debian's package, installed when missing, one worker like the one Node process)
// answering the same POST load – same connections, same duration, same request bodies and headers – with a static
// 200 and a JSON body of the app's size. The report puts the app's answers/s and p99 beside nginx's, with the ratio.
//
// Two ways to run it:
// - by itself (default): starts the built app (a private copy of build/, or of QUARTIER_BUILD_DIR) on a fresh
//   database per target – SQLite file and/or a throwaway PostgreSQL cluster – like `npm run bench` does;
//   BENCH_TARGETS=sqlite,postgres (default both). Results: bench/results/survey-submit.{json,md}.
// - against a running app: BENCH_URL (e.g. http://127.0.0.1:4173) and its DATABASE_URL; results are printed
//   (and written only with BENCH_OUT).
// Settings: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (200), BENCH_RESEND (0.1), BENCH_QUIET_WAIT (s, 30),
// BENCH_BUILD (auto|never|always), BENCH_OUT (results dir). Not part of the tests.
import autocannon from 'autocannon';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { cleanupAll, onCleanup } from './lib/cleanup.js';
import { benchBuild } from './lib/build.js';
import { startPgCluster } from './lib/pg-cluster.js';
import { startApp } from './lib/app.js';
import { ensureNginx, launchNginx, nginxVersion } from './lib/nginx.js';
import { cpuSnapshot, cpuUse, waitForQuiet } from './lib/cpu.js';
import { machine } from './lib/machine.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

function numEnv(name, def, min, max, integer = true) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return def;
	const n = Number(raw);
	if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
	return n;
}

const s = {
	url: process.env.BENCH_URL || null,
	dbUrl: process.env.DATABASE_URL || null,
	duration: numEnv('BENCH_DURATION', 10, 1, 600),
	connections: numEnv('BENCH_CONNECTIONS', 200, 1, 1000),
	resendShare: numEnv('BENCH_RESEND', 0.1, 0, 1, false),
	quietWait: numEnv('BENCH_QUIET_WAIT', 30, 0, 3600),
	build: process.env.BENCH_BUILD || 'auto',
	targets: (process.env.BENCH_TARGETS || 'sqlite,postgres').split(',').map((x) => x.trim()).filter(Boolean),
	slug: process.env.BENCH_SLUG ?? 'berlin',
	out: process.env.BENCH_OUT ? join(process.cwd(), process.env.BENCH_OUT) : null
};
if (s.url && !s.dbUrl) throw new Error('BENCH_URL needs the DATABASE_URL of that app');
for (const t of s.targets) if (!['sqlite', 'postgres'].includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (sqlite, postgres)`);
if (!['auto', 'never', 'always'].includes(s.build)) throw new Error('BENCH_BUILD must be auto, never or always');

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function openDb(dbUrl) {
	return new Kysely({
		dialect: /^postgres(ql)?:/.test(dbUrl) ? new PostgresDialect({ pool: new pg.Pool({ connectionString: dbUrl, max: 2 }) }) : new SqliteDialect({ database: new SQLite(dbUrl.replace(/^sqlite:(\/\/)?/, '')) })
	});
}

/**
 * Builds the survey through the app's own API. Plain node cannot import the TypeScript commands: an API token is
 * inserted here (stored as its SHA-256, as the app does); only the kiosk key, never returned by the API, is read
 * from the database.
 */
async function buildSurvey(url, db) {
	const m = await db.selectFrom('municipality').select('id').where('slug', '=', s.slug).executeTakeFirstOrThrow();
	const admin = await db.selectFrom('membership').select('user_id').where('municipality_id', '=', m.id).where('role', '=', 'admin').executeTakeFirstOrThrow();
	const token = randomBytes(32).toString('base64url');
	await db
		.insertInto('api_token')
		.values({ id: randomUUID(), municipality_id: m.id, user_id: admin.user_id, name: 'survey bench', token_hash: createHash('sha256').update(token).digest('hex'), created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
		.execute();
	async function apiCall(method, path, body) {
		const r = await fetch(`${url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
		if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
		return r.json();
	}
	const survey = await apiCall('POST', '/surveys', { title: `Last-Umfrage ${new Date().toISOString()}`, minFillSeconds: 0 });
	const kinds = ['single', 'multiple', 'likert', 'number', 'text'];
	const questions = [];
	for (let i = 0; i < 20; i++) {
		const kind = kinds[i % kinds.length];
		questions.push(await apiCall('POST', `/surveys/${survey.id}/questions`, { kind, text: `Frage ${i + 1}`, options: kind === 'single' || kind === 'multiple' ? ['A', 'B', 'C', 'D'] : [], min: 0, max: 120 }));
	}
	await apiCall('POST', `/surveys/${survey.id}/status`, { status: 'open' });
	const secrets = await db.selectFrom('survey').select(['public_token', 'kiosk_key']).where('id', '=', survey.id).executeTakeFirstOrThrow();
	return { surveyId: survey.id, questions, publicToken: secrets.public_token, kioskKey: secrets.kiosk_key };
}

function fieldsFor(questions) {
	const f = {};
	for (const q of questions) {
		if (q.kind === 'single' || q.kind === 'likert') f[`q_${q.id}`] = q.options[Math.floor(Math.random() * q.options.length)].key;
		else if (q.kind === 'multiple') f[`q_${q.id}`] = q.options.filter(() => Math.random() < 0.5).map((o) => o.key);
		else if (q.kind === 'number') f[`q_${q.id}`] = String(Math.floor(Math.random() * 100));
		else f[`q_${q.id}`] = 'Mehr Bänke und Schatten am Spielplatz, bitte. '.repeat(3);
	}
	return f;
}

/**
 * One measured run: the same requests whoever answers them (a new response id per request, BENCH_RESEND of them
 * re-sending an acknowledged id). Latency percentiles from every 2xx response time (autocannon's own histogram
 * keeps whole milliseconds, which reads 0 ms for nginx).
 */
async function load(targetUrl, survey, cpuGroups) {
	const acknowledged = new Set();
	const statuses = {};
	const times = [];
	let resent = 0;
	let bodyBytes = 0;
	let sent = 0;
	const instance = autocannon({
		url: targetUrl,
		connections: s.connections,
		duration: s.duration,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-kiosk-key': survey.kioskKey },
				setupRequest: (req, context) => {
					const acked = [...acknowledged];
					const resend = acked.length > 0 && Math.random() < s.resendShare;
					const responseId = resend ? acked[Math.floor(Math.random() * acked.length)] : randomUUID();
					if (resend) resent++;
					context.responseId = responseId;
					const body = JSON.stringify({ responseId, language: 'de', fields: fieldsFor(survey.questions) });
					bodyBytes += Buffer.byteLength(body);
					sent++;
					return { ...req, body };
				},
				onResponse: (status, _body, context) => {
					statuses[status] = (statuses[status] ?? 0) + 1;
					if (status === 200 || status === 201) acknowledged.add(context.responseId);
				}
			}
		]
	});
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
	});
	const groups = { ...cpuGroups, loadGenerator: { pids: [process.pid], tree: false } };
	let cpuStart = null;
	instance.on('start', () => (cpuStart = cpuSnapshot(groups)));
	const r = await instance;
	const cpu = cpuUse(cpuStart, cpuSnapshot(groups));
	times.sort((a, b) => a - b);
	return {
		requests: r.requests.total,
		answersPerSecond: round(r.requests.average),
		latencyMs: { p50: round(percentile(times, 50), 3), p99: round(percentile(times, 99), 3), max: round(times.at(-1) ?? NaN, 3) },
		statuses,
		errors: r.errors,
		timeouts: r.timeouts,
		resent,
		meanBodyBytes: sent ? Math.round(bodyBytes / sent) : 0,
		bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
		cpuCores: cpu,
		acknowledged
	};
}

/** The exactly-once proof: every acknowledged id stored once, nothing stored that no request sent. */
async function proof(db, survey, m) {
	const rows = await db.selectFrom('survey_response').select('id').where('survey_id', '=', survey.surveyId).execute();
	const stored = new Set(rows.map((r) => r.id));
	const answers = await db.selectFrom('survey_answer').select((eb) => eb.fn.countAll().as('n')).where('survey_id', '=', survey.surveyId).executeTakeFirstOrThrow();
	const missing = [...m.acknowledged].filter((id) => !stored.has(id)).length;
	const unacknowledged = [...stored].filter((id) => !m.acknowledged.has(id)).length;
	return {
		acknowledgedDistinct: m.acknowledged.size,
		storedRows: rows.length,
		answerRows: Number(answers.n),
		acknowledgedButMissing: missing,
		// Requests still in flight when the run stops are stored but never acknowledged (a lost acknowledgement,
		// which the kiosk answers by re-sending); they can be at most one per connection.
		storedButNotAcknowledged: unacknowledged,
		distinctStoredIds: stored.size,
		exactlyOnce: missing === 0 && stored.size === rows.length && unacknowledged <= s.connections
	};
}

/** nginx answering POST /s/<token>/responses with a static 200 and a JSON body like the app's (one worker, no access log). */
async function startNginxReply(bin, dir, replyJson) {
	const body = replyJson.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
	return launchNginx(bin, dir, {
		http: '  client_max_body_size 256k;\n  client_body_buffer_size 256k;',
		locations: `    location = /healthz { default_type text/plain; return 200 'ok'; }\n    location ~ ^/s/[A-Za-z0-9_-]+/responses$ { default_type application/json; return 200 '${body}'; }`,
		readyPath: '/healthz'
	});
}

async function quiet(label) {
	if (!s.quietWait) return null;
	const q = await waitForQuiet({ maxWaitS: s.quietWait });
	console.log(`bench: ${label}: other processes used ${q.otherCores ?? '?'} cores before the run (waited ${q.waitedS} s)`);
	return q;
}

/** App run + proof against one app (started here or given by BENCH_URL). */
async function runApp(label, origin, dbUrl, cpuGroups) {
	const db = openDb(dbUrl);
	try {
		const survey = await buildSurvey(origin, db);
		const before = await quiet(label);
		console.log(`bench: ${label}: ${s.connections} connections for ${s.duration} s on POST /s/<token>/responses …`);
		const m = await load(`${origin}/s/${survey.publicToken}/responses`, survey, cpuGroups);
		const p = await proof(db, survey, m);
		const { acknowledged: _a, ...figures } = m;
		// A sample answer of the app, for nginx to send back the same bytes.
		const sample = await fetch(`${origin}/s/${survey.publicToken}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-kiosk-key': survey.kioskKey },
			body: JSON.stringify({ responseId: randomUUID(), language: 'de', fields: fieldsFor(survey.questions) })
		});
		return { label, ...figures, ...p, otherCoresBefore: before?.otherCores ?? null, survey, reply: await sample.text() };
	} finally {
		await db.destroy();
	}
}


function command() {
	const env = Object.keys(process.env)
		.filter((k) => k.startsWith('BENCH_') || (k === 'QUARTIER_BUILD_DIR' && !process.env.BENCH_URL))
		.sort()
		.map((k) => `${k}=${k === 'BENCH_URL' ? '…' : process.env[k]}`);
	return [...env, process.env.npm_lifecycle_event === 'bench:survey-submit' ? 'npm run bench:survey-submit' : 'node bench/survey-submit.js'].join(' ');
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

function markdown(report) {
	const L = [];
	L.push('# Survey submission under load, beside nginx', '');
	L.push(
		`\`${report.command}\` (${report.startedAt}): a 20-question survey (single, multiple, Likert, number, free text), ` +
			`${report.settings.connections} concurrent respondents for ${report.settings.durationSeconds} s on the kiosk endpoint \`POST /s/<token>/responses\`, ` +
			`each request a new response id, about ${Math.round(report.settings.resendShare * 100)} % re-sending an id that was already acknowledged. ` +
			`Reference in the same run: nginx ${report.nginx.version} (one worker, access log off) answering the same POST load – same connections, duration, ` +
			`headers and request bodies (mean ${fmt(report.nginx.meanBodyBytes)} bytes) – with a static 200 and the app's JSON answer.`,
		''
	);
	L.push('| database | app answers/s | nginx answers/s | app ÷ nginx | app p50 ms | app p99 ms | nginx p99 ms | app p99 ÷ nginx p99 | 201 stored / 200 re-send | acknowledged ids | rows stored | acknowledged but missing | stored, ack not received | exactly once |');
	L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const r of report.runs) {
		const n = report.nginx;
		L.push(
			`| ${r.database === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${fmt(r.answersPerSecond)} | ${fmt(n.answersPerSecond)} | ${fmt(r.answersPerSecond / n.answersPerSecond, 3)} | ${fmt(r.latencyMs.p50)} | ${fmt(r.latencyMs.p99)} | ${fmt(n.latencyMs.p99, 2)} | ${fmt(r.latencyMs.p99 / n.latencyMs.p99)}× | ${r.statuses['201'] ?? 0} / ${r.statuses['200'] ?? 0} | ${r.acknowledgedDistinct} | ${r.storedRows} | ${r.acknowledgedButMissing} | ${r.storedButNotAcknowledged} | ${r.exactlyOnce ? 'yes' : '**no**'} |`
		);
	}
	L.push('');
	L.push(
		`- nginx: ${fmt(report.nginx.requests)} requests, statuses ${JSON.stringify(report.nginx.statuses)}, errors ${report.nginx.errors}, timeouts ${report.nginx.timeouts}, p50 ${fmt(report.nginx.latencyMs.p50, 2)} ms.`,
		'- Every acknowledged response is stored, once: no acknowledged id is missing, and the response id is the primary key, so a re-send (200) never adds a row.',
		'- "Stored, ack not received" are requests still in flight when the run stopped: stored by the server, their answer never read by the client – what a kiosk meets when the network drops after sending; its re-send is then answered 200.',
		'- nginx does no work per answer (no parsing, no validation, no database): the ratio is the price of storing each answer durably in one transaction with its audit entry. SQLite runs with `synchronous = FULL` (an fsync per response); PostgreSQL with its default settings (fsync on) in a throwaway cluster.',
		`- CPU (cores) during the runs: ${report.runs.map((r) => `${r.database} ${JSON.stringify(r.cpuCores)}`).join('; ')}; nginx ${JSON.stringify(report.nginx.cpuCores)}. The load generator shares the 2 cores with the server, so absolute figures are rough; "other" shows the load of other processes on the shared machine.`,
		`- Machine: ${report.machine.nproc} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, load average at start ${report.machine.loadavgAtStart.join(' / ')}.`,
		''
	);
	return L.join('\n');
}

async function main() {
	const startedAt = new Date().toISOString();
	const nginxBin = ensureNginx();
	const work = join(here, '.work', `survey-${startedAt.replace(/[:.]/g, '-')}-${process.pid}`);
	mkdirSync(work, { recursive: true });
	onCleanup('work dir', () => rmSync(work, { recursive: true, force: true }));

	const runs = [];
	if (s.url) {
		runs.push({ database: s.dbUrl.startsWith('postgres') ? 'postgres' : 'sqlite', ...(await runApp('app', s.url, s.dbUrl, {})) });
	} else {
		const buildDir = join(work, 'build');
		const build = benchBuild(root, s.build, buildDir);
		console.log(`bench: using a copy of ${build.dir ?? 'build/'} from ${build.builtAt}${build.rebuilt ? ' (freshly built)' : ''}`);
		const cluster = s.targets.includes('postgres') ? await startPgCluster() : null;
		for (const target of s.targets) {
			const databaseUrl = target === 'sqlite' ? `sqlite:${join(work, 'bench.sqlite')}` : await cluster.freshDatabase('quartier_bench');
			const app = await startApp({ buildDir, databaseUrl, logFile: join(work, `app-${target}.log`), cwd: root });
			try {
				const cpuGroups = { server: { pids: [app.pid], tree: true }, ...(cluster && target === 'postgres' ? { postgres: { pids: [cluster.pid()], tree: true } } : {}) };
				runs.push({ database: target, databaseVersion: target === 'postgres' ? cluster.version : 'SQLite (better-sqlite3)', ...(await runApp(target, app.origin, databaseUrl, cpuGroups)) });
			} finally {
				await app.stop();
			}
		}
	}

	// The reference: the same load against nginx, with the first run's survey (same field names, same body sizes).
	const nginx = await startNginxReply(nginxBin, join(work, 'nginx'), runs[0].reply.trim());
	let ref;
	try {
		const before = await quiet('nginx');
		console.log(`bench: nginx: ${s.connections} connections for ${s.duration} s on the same POST load …`);
		const { acknowledged: _a, ...figures } = await load(`${nginx.origin}/s/${runs[0].survey.publicToken}/responses`, runs[0].survey, { server: { pids: [nginx.pid], tree: true } });
		ref = { version: nginxVersion(nginxBin), ...figures, otherCoresBefore: before?.otherCores ?? null };
	} finally {
		await nginx.stop();
	}

	const report = {
		command: command(),
		startedAt,
		settings: { connections: s.connections, durationSeconds: s.duration, resendShare: s.resendShare },
		machine: machine(),
		runs: runs.map(({ survey: _s, reply: _r, label: _l, ...r }) => ({ ...r, ratioToNginx: { answersPerSecond: round(r.answersPerSecond / ref.answersPerSecond, 4), p99: round(r.latencyMs.p99 / ref.latencyMs.p99, 1) } })),
		nginx: ref
	};
	console.log(JSON.stringify(report, null, 2));
	const out = s.out ?? (s.url ? null : join(here, 'results'));
	if (out) {
		mkdirSync(out, { recursive: true });
		writeFileSync(join(out, 'survey-submit.json'), JSON.stringify(report, null, 2) + '\n');
		writeFileSync(join(out, 'survey-submit.md'), markdown(report));
		console.log(`bench: wrote ${join(out, 'survey-submit.md')}`);
	}
	return report.runs.every((r) => r.exactlyOnce);
}

let ok = false;
try {
	ok = await main();
} catch (e) {
	console.error(`bench: ${e?.stack ?? e}`);
} finally {
	cleanupAll();
}
process.exit(ok ? 0 : 1);
