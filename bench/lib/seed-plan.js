// The benchmark fixture: one action plan with 200 measures in the demo municipality ('berlin') of a running
// app, plus a login session for its admin.
//
// Why direct inserts and not the app's commands or its /api/v1: plain `node` cannot import the TypeScript
// commands (no TS runner is configured), and the API for districts/actors/plans/goals/measures is being built
// at the same time as this harness. So rows are inserted with Kysely following src/lib/server/db/schema.ts:
// text UUID ids, ISO text timestamps, 'YYYY-MM-DD' dates, 0/1 booleans, municipality_id on every tenant row,
// money in cents. The app has already migrated the database when this runs (it migrates at start-up), and
// assertInsertable() checks the live schema first, so a new NOT NULL column without default fails with a clear
// message instead of a half-seeded plan. Values are deterministic (seeded PRNG) so runs are comparable.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';

export const MEASURE_COUNT = 200;

/** The handbook's fields of action, as src/lib/domain/action-fields.ts; used only when the app seeded none. */
const HANDBOOK_FIELDS = [
	['housing', 'Wohnen und Stadtentwicklung'],
	['social-infrastructure', 'Soziale Infrastruktur, Generationen und Zusammenleben'],
	['intercultural-opening', 'Interkulturelle Öffnung'],
	['education', 'Bildung und Übergang Schule–Beruf'],
	['work', 'Arbeit, Arbeitsmarkt und lokale Ökonomie'],
	['language', 'Sprache und Sprachförderung'],
	['health', 'Gesundheit'],
	['culture', 'Kultur'],
	['religion', 'Religion'],
	['participation', 'Partizipation'],
	['civic-engagement', 'Bürgerschaftliches Engagement'],
	['sport', 'Sport']
];
const FIELDS_USED = 8;

// The app's enums are read from its TypeScript sources (plain `as const` arrays), so the fixture follows them
// when they change; the fallbacks are the values at the time of writing.
function constList(file, name, fallback) {
	try {
		const src = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
		const body = new RegExp(`export const ${name}\\s*=\\s*\\[([^\\]]*)\\]`).exec(src)?.[1];
		const values = body ? [...body.matchAll(/'([^']+)'/g)].map((x) => x[1]) : [];
		return values.length ? values : fallback;
	} catch {
		return fallback;
	}
}
export const MEASURE_STATUSES = constList('lib/domain/plans.ts', 'measureStatuses', ['planned', 'in-progress', 'completed', 'on-hold', 'cancelled']);
// Mostly running or planned measures, some finished, a few on hold or cancelled (by position in the list).
const STATUS_WEIGHTS = MEASURE_STATUSES.map((_, i) => [30, 40, 15, 10, 5][i] ?? 5);
const SPATIAL_SCOPES = constList('lib/domain/plans.ts', 'spatialScopes', ['site', 'district', 'city']);
const ACTOR_KINDS = constList('lib/server/actors/actors.repository.ts', 'actorKinds', ['administration', 'civil-society', 'provider', 'migrant-organisation', 'school', 'kita']);
const FUNDING = ['Kommunaler Haushalt', 'Sozialer Zusammenhalt (Städtebauförderung)', 'ESF Plus', 'Landesprogramm Integration', 'Stiftungsmittel', 'Verfügungsfonds', ''];
const TOPICS = [
	'Sprachcafé im Nachbarschaftstreff', 'Elternlotsinnen für Kita und Schule', 'Mehrsprachiger Gesundheitswegweiser',
	'Mieterberatung in mehreren Sprachen', 'Ausbildungspatenschaften', 'Interkulturelle Schulung der Verwaltung',
	'Offener Sporttreff im Park', 'Stadtteilforum mit Flüsterecken', 'Hausaufgabenhilfe im Jugendclub',
	'Begegnungsfest der Religionsgemeinschaften', 'Gründungsberatung für lokale Betriebe', 'Kiezspaziergang mit Dolmetschung',
	'Frauengesundheitsgruppe', 'Bewerbungswerkstatt', 'Lesepatenschaften in der Stadtbibliothek', 'Gemeinschaftsgarten am Spielplatz'
];
const SITES = [['Nachbarschaftshaus Mitte', 52.5301, 13.4012], ['Schulhof Grundschule Nord', 52.5412, 13.3921], ['Brachfläche an der Bahn', 52.5250, 13.4105], ['Jugendclub am Kanal', 52.5333, 13.3870]];

/** Mulberry32: small deterministic PRNG so every run seeds the same plan. */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pad = (n, w = 3) => String(n).padStart(w, '0');
const isoDate = (d) => d.toISOString().slice(0, 10);
const addDays = (date, days) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

export function openBenchDb(url) {
	if (/^postgres(ql)?:\/\//.test(url)) {
		const pool = new pg.Pool({ connectionString: url, max: 2 });
		return new Kysely({ dialect: new PostgresDialect({ pool }) });
	}
	const sqlite = new SQLite(url.replace(/^sqlite:(\/\/)?/, ''));
	sqlite.pragma('busy_timeout = 10000');
	sqlite.pragma('foreign_keys = ON');
	return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Fails clearly if the live schema requires a column this fixture does not fill (a newer migration). */
async function assertInsertable(db, rowsByTable) {
	const tables = new Map((await db.introspection.getTables()).map((t) => [t.name, t]));
	const problems = [];
	for (const [table, row] of Object.entries(rowsByTable)) {
		const t = tables.get(table);
		if (!t) {
			problems.push(`table ${table} does not exist`);
			continue;
		}
		for (const c of t.columns) {
			if (!c.isNullable && !c.hasDefaultValue && !c.isAutoIncrementing && !(c.name in row)) problems.push(`${table}.${c.name} is required`);
		}
		for (const k of Object.keys(row)) if (!t.columns.some((c) => c.name === k)) problems.push(`${table}.${k} no longer exists`);
	}
	if (problems.length) {
		throw new Error(`the app's schema changed; update bench/lib/seed-plan.js (src/lib/server/db/schema.ts): ${problems.join('; ')}`);
	}
}

/**
 * Seeds the plan into the municipality `slug` and creates a session for `adminEmail`.
 * Returns { planId, municipalityId, sessionToken, measureTitles, counts }.
 */
export async function seedPlan(url, { slug = 'berlin', adminEmail, measureCount = MEASURE_COUNT }) {
	const db = openBenchDb(url);
	try {
		const municipality = await db.selectFrom('municipality').select('id').where('slug', '=', slug).executeTakeFirst();
		if (!municipality) throw new Error(`municipality '${slug}' not found: did the app seed the demo (SEED_DEMO=true)?`);
		const m = municipality.id;
		const admin = await db.selectFrom('app_user').select('id').where('email', '=', adminEmail).executeTakeFirst();
		if (!admin) throw new Error(`admin user ${adminEmail} not found`);

		const rnd = prng(20250601);
		const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
		const weighted = (arr, weights) => {
			let x = rnd() * weights.reduce((a, b) => a + b, 0);
			for (let i = 0; i < arr.length; i++) if ((x -= weights[i]) < 0) return arr[i];
			return arr.at(-1);
		};
		const now = new Date().toISOString();
		const stamps = { created_at: now, updated_at: now };

		// Build every row first, check the schema, then write them all in one transaction.
		const existingFields = await db
			.selectFrom('action_field')
			.select(['id', 'key'])
			.where('municipality_id', '=', m)
			.orderBy('sort_order')
			.execute();
		const newFields = existingFields.length
			? []
			: HANDBOOK_FIELDS.map(([key, name], i) => ({ id: randomUUID(), municipality_id: m, key, name, description: '', sort_order: i + 1, active: 1, ...stamps }));
		const fields = (existingFields.length ? existingFields : newFields).slice(0, FIELDS_USED);
		if (fields.length === 0) throw new Error('no fields of action');

		const district = { id: randomUUID(), municipality_id: m, name: 'Bench-Quartier Nord', code: `BENCH-${Date.now()}`, parent_id: null, boundary: null, ...stamps };
		const actors = Array.from({ length: 40 }, (_, i) => ({
			id: randomUUID(),
			municipality_id: m,
			name: `Bench-Akteur ${pad(i + 1, 2)} ${['Stadtteilverein', 'Jugendamt', 'Familienzentrum', 'Migrantenverein', 'Grundschule', 'Wohnungsbaugesellschaft', 'Moscheegemeinde', 'Kita', 'Gesundheitsamt', 'Sportverein'][i % 10]}`,
			kind: ACTOR_KINDS[i % ACTOR_KINDS.length],
			level: i % 3 === 0 ? 'city' : 'district',
			...stamps
		}));
		const plan = {
			id: randomUUID(),
			municipality_id: m,
			district_id: district.id,
			title: 'Lokaler Aktionsplan Bench-Quartier Nord 2025–2028',
			introduction: 'Benchmark-Aktionsplan mit 200 Maßnahmen.',
			reporting_rules: 'Halbjährlicher Sachstandsbericht an die Steuerungsgruppe.',
			...stamps
		};
		const goals = [];
		for (const [fi, f] of fields.entries()) {
			for (let g = 0; g < 3; g++) {
				goals.push({
					id: randomUUID(),
					municipality_id: m,
					action_plan_id: plan.id,
					parent_goal_id: null,
					action_field_id: f.id,
					title: `Ziel ${fi + 1}.${g + 1}: ${pick(['Zugänge verbessern', 'Teilhabe stärken', 'Angebote vernetzen', 'Mehrsprachigkeit fördern', 'Begegnung ermöglichen'])}`,
					description: 'Aus der Bestandsaufnahme und dem Stadtteilforum abgeleitet.',
					priority: g + 1,
					time_horizon: `${2026 + g}-12-31`,
					operationalisation: 'Teilnahmezahlen und Befragung im Folgejahr.',
					...stamps
				});
			}
		}
		const measures = [];
		const measureGoals = [];
		const partners = [];
		const milestones = [];
		for (let i = 0; i < measureCount; i++) {
			const field = fields[i % fields.length];
			const fieldGoals = goals.filter((g) => g.action_field_id === field.id);
			const start = isoDate(new Date(Date.UTC(2025, Math.floor(rnd() * 18), 1 + Math.floor(rnd() * 27))));
			const end = addDays(start, 90 + Math.floor(rnd() * 900));
			const scope = SPATIAL_SCOPES[i % 3];
			const site = scope === 'site' ? pick(SITES) : null;
			const lead = actors[i % actors.length];
			const id = randomUUID();
			measures.push({
				id,
				municipality_id: m,
				action_plan_id: plan.id,
				action_field_id: field.id,
				title: `Bench-Maßnahme ${pad(i + 1)}: ${TOPICS[i % TOPICS.length]}`,
				description: 'Niedrigschwelliges Angebot im Quartier, gemeinsam mit lokalen Trägern geplant; Zielgruppen und Sprachen laut Bedarfsanalyse.',
				lead_actor_id: lead.id,
				start_date: start,
				end_date: end,
				cost_cents: (1 + Math.floor(rnd() * 400)) * 250_00,
				funding_source: pick(FUNDING),
				spatial_scope: scope,
				site_label: site ? site[0] : '',
				site_lat: site ? site[1] : null,
				site_lon: site ? site[2] : null,
				decidable_locally: rnd() < 0.6 ? 1 : 0,
				integrated: rnd() < 0.4 ? 1 : 0,
				starter_project: i % 10 === 0 ? 1 : 0,
				status: weighted(MEASURE_STATUSES, STATUS_WEIGHTS),
				...stamps
			});
			const goalCount = 1 + (i % 2);
			for (let g = 0; g < goalCount; g++) measureGoals.push({ municipality_id: m, measure_id: id, goal_id: fieldGoals[(i + g) % fieldGoals.length].id });
			const partnerCount = 1 + ((i >> 1) % 2);
			for (let p = 1; p <= partnerCount; p++) partners.push({ municipality_id: m, measure_id: id, actor_id: actors[(i + p * 7) % actors.length].id });
			for (let s = 0; s < 2; s++) {
				milestones.push({
					id: randomUUID(),
					municipality_id: m,
					measure_id: id,
					title: s === 0 ? 'Konzept abgestimmt' : 'Erste Durchführung',
					due_date: addDays(start, 30 + s * 60),
					done: s === 0 && rnd() < 0.5 ? 1 : 0,
					sort_order: s + 1
				});
			}
		}
		const token = randomBytes(32).toString('base64url');
		const session = {
			id: createHash('sha256').update(token).digest('hex'),
			user_id: admin.id,
			municipality_id: null,
			csrf_token: randomBytes(32).toString('base64url'),
			created_at: now,
			expires_at: new Date(Date.now() + 86_400_000).toISOString()
		};

		const batches = [
			['action_field', newFields],
			['district', [district]],
			['actor', actors],
			['action_plan', [plan]],
			['goal', goals],
			['measure', measures],
			['measure_goal', measureGoals],
			['measure_partner', partners],
			['milestone', milestones],
			['session', [session]]
		];
		await assertInsertable(db, Object.fromEntries(batches.filter(([, rows]) => rows.length).map(([t, rows]) => [t, rows[0]])));
		await db.transaction().execute(async (trx) => {
			for (const [table, rows] of batches) {
				// Chunks keep each statement under SQLite's bound-parameter limit.
				for (let i = 0; i < rows.length; i += 50) await trx.insertInto(table).values(rows.slice(i, i + 50)).execute();
			}
		});
		// A bulk load leaves PostgreSQL without planner statistics until autovacuum analyses the tables (within about
		// a minute in production). Without them the partner query of the plan page picks a nested loop that filters
		// millions of rows (0.5 s instead of 0.5 ms), so the benchmark would measure a state no real server stays in.
		// SQLite is left as the app leaves it: the app does not run ANALYZE there.
		const analyzed = /^postgres/.test(url);
		if (analyzed) await sql`analyze`.execute(db);
		return {
			analyzed,
			municipalityId: m,
			planId: plan.id,
			sessionToken: token,
			measureTitles: measures.map((x) => x.title),
			counts: Object.fromEntries(batches.map(([t, rows]) => [t, rows.length]))
		};
	} finally {
		await db.destroy();
	}
}
