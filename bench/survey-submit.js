#!/usr/bin/env node
// Survey submission under load: N concurrent respondents (autocannon connections, default 200) send a 20-question
// survey to the kiosk endpoint, each request with a new response id; a share of requests (BENCH_RESEND, default 0.1)
// re-sends an id that was already acknowledged, as a kiosk does after a lost acknowledgement. Afterwards the
// database must hold every acknowledged response exactly once, and nothing else.
// Runs against a running app: BENCH_URL (e.g. http://127.0.0.1:4173) and its DATABASE_URL.
// Run: BENCH_URL=… DATABASE_URL=… node bench/survey-submit.js. BENCH_DURATION (s, 10), BENCH_CONNECTIONS (200), BENCH_RESEND (0.1).
// Not part of the tests.
import autocannon from 'autocannon';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const url = process.env.BENCH_URL;
const dbUrl = process.env.DATABASE_URL;
if (!url || !dbUrl) throw new Error('Set BENCH_URL and DATABASE_URL (the database of that app)');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 200);
const resendShare = Number(process.env.BENCH_RESEND ?? 0.1);

// Plain node cannot import the TypeScript commands: the survey is built through the app's own API with a token
// inserted here (stored as its SHA-256, as the app does); only the kiosk key, never returned by the API, is read
// from the database.
const db = new Kysely({
	dialect: /^postgres(ql)?:/.test(dbUrl) ? new PostgresDialect({ pool: new pg.Pool({ connectionString: dbUrl, max: 2 }) }) : new SqliteDialect({ database: new SQLite(dbUrl.replace(/^sqlite:(\/\/)?/, '')) })
});
const m = await db.selectFrom('municipality').select('id').where('slug', '=', process.env.BENCH_SLUG ?? 'berlin').executeTakeFirstOrThrow();
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

function fields() {
	const f = {};
	for (const q of questions) {
		if (q.kind === 'single' || q.kind === 'likert') f[`q_${q.id}`] = q.options[Math.floor(Math.random() * q.options.length)].key;
		else if (q.kind === 'multiple') f[`q_${q.id}`] = q.options.filter(() => Math.random() < 0.5).map((o) => o.key);
		else if (q.kind === 'number') f[`q_${q.id}`] = String(Math.floor(Math.random() * 100));
		else f[`q_${q.id}`] = 'Mehr Bänke und Schatten am Spielplatz, bitte. '.repeat(3);
	}
	return f;
}

const acknowledged = new Set();
const statuses = {};
let resent = 0;
const result = await autocannon({
	url: `${url}/s/${secrets.public_token}/responses`,
	connections,
	duration,
	requests: [
		{
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-kiosk-key': secrets.kiosk_key },
			setupRequest: (req, context) => {
				const acked = [...acknowledged];
				const resend = acked.length > 0 && Math.random() < resendShare;
				const responseId = resend ? acked[Math.floor(Math.random() * acked.length)] : randomUUID();
				if (resend) resent++;
				context.responseId = responseId;
				return { ...req, body: JSON.stringify({ responseId, language: 'de', fields: fields() }) };
			},
			onResponse: (status, _body, context) => {
				statuses[status] = (statuses[status] ?? 0) + 1;
				if (status === 200 || status === 201) acknowledged.add(context.responseId);
			}
		}
	]
});

const rows = await db.selectFrom('survey_response').select('id').where('survey_id', '=', survey.id).execute();
const stored = new Set(rows.map((r) => r.id));
const answers = await db.selectFrom('survey_answer').select((eb) => eb.fn.countAll().as('n')).where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
const unacknowledged = [...stored].filter((id) => !acknowledged.has(id)).length;
const report = {
	url,
	database: dbUrl.startsWith('postgres') ? 'postgres' : 'sqlite',
	connections,
	durationSeconds: duration,
	requests: result.requests.total,
	requestsPerSecond: result.requests.average,
	latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
	statuses,
	resent,
	acknowledgedDistinct: acknowledged.size,
	storedRows: rows.length,
	answerRows: Number(answers.n),
	acknowledgedButMissing: missing,
	// Requests still in flight when the run stops are stored but never acknowledged (a lost acknowledgement, which
	// the kiosk answers by re-sending); they can be at most one per connection.
	storedButNotAcknowledged: unacknowledged,
	distinctStoredIds: stored.size,
	exactlyOnce: missing === 0 && stored.size === rows.length && unacknowledged <= connections
};
console.log(JSON.stringify(report, null, 2));
await db.destroy();
process.exit(report.exactlyOnce ? 0 : 1);
