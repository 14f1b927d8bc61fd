import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ApiInputError } from '../api/handler';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { JobRunner } from '../jobs/runner';
import { jobHandlers } from '../jobs/server-runner';
import { readBoundaries } from '../statistics/import/boundaries';
import { findIndicatorByKey } from './indicators.repository';
import { fileNameOf, gridImportResource, importRegisterFromRequest, referenceProblem, startGridImportFromRequest, type StatsApiContext } from './imports-api';
import { upsertObservations, UnknownReferenceError } from './upsert-observations';

/** A small register extract (fictitious persons); person ids are distinctive so that any trace can be found. */
const REGISTER_CSV = [
	'Personen_ID;Gebiet;Staatsangehoerigkeit;Zweite_Staatsangehoerigkeit;Geburtsland;Einbuergerung;Geburtsdatum;Eltern_IDs',
	'PID-7QX-0001;A;DE;;DE;;1980-01-01;',
	'PID-7QX-0002;A;TR;;TR;;1982-05-05;',
	'PID-7QX-0003;A;DE;;DE;;2015-03-03;PID-7QX-0001,PID-7QX-0002',
	'PID-7QX-0004;A;DE;PL;DE;;1970-01-01;',
	'PID-7QX-0005;B;DE;;DE;ja;1960-01-01;',
	'PID-7QX-0006;B;DE;;DE;;1990-01-01;',
	'PID-7QX-0007;B;DE;;DE;;2018-01-01;PID-7QX-0006',
	'PID-7QX-0008;B;;;;;1990-01-01;',
	'PID-7QX-0009;ZZ;DE;;DE;;1990-01-01;'
].join('\r\n');

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../statistics/import/fixtures/${name}`, import.meta.url)));
const grid = fixture('zensus-gitter-100m.csv');

const body = (bytes: Uint8Array, type: string, headers: Record<string, string> = {}) =>
	new Request('http://localhost/api', { method: 'POST', body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': type, 'content-length': String(bytes.byteLength), ...headers } });
const gridUrl = (q: string) => new URL(`http://localhost/api/v1/imports/zensus-grid?${q}`);
const GRID_Q = 'target=areas&level=zensus-api&period=2022&column=Einwohner:population&column=AnteilAuslaender:foreigners_share';

describe.each(dbKinds())('statistics import API [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let dataDir: string;
	let runner: JobRunner;
	const api = (tenant: { ctx: { db: TestDb['db']; principal: StatsApiContext['principal']; municipalityId: string } }): StatsApiContext => ({ ...tenant.ctx, locale: 'de', requestId: 'test' });
	const count = async (table: 'import_run' | 'observation' | 'audit_entry' | 'job', municipalityId?: string) =>
		Number(
			(
				await t.db.kysely
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.$if(!!municipalityId, (q) => q.where('municipality_id', '=', municipalityId!))
					.executeTakeFirstOrThrow()
			).n
		);
	const snapshot = async () => ({ runs: await count('import_run'), obs: await count('observation'), audit: await count('audit_entry'), jobs: await count('job') });

	beforeAll(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'quartier-api-'));
		process.env.DATA_DIR = dataDir;
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		runner = new JobRunner({ db: t.db, handlers: jobHandlers, pollMs: 10_000 });
		const read = await readBoundaries(fixture('zensus-bezirke-3035.geojson'));
		const now = nowIso();
		for (const m of [a, b]) {
			await t.db.kysely
				.insertInto('statistical_area')
				.values(read.features.map((f) => ({ id: newId(), municipality_id: m.municipality.id, code: `Z-${f.properties.id}`, name: String(f.properties.name), level: 'zensus-api', parent_id: null, boundary: JSON.stringify(f.geometry), population: null, created_at: now, updated_at: now })))
				.execute();
			await t.db.kysely
				.insertInto('statistical_area')
				.values(['A', 'B'].map((code) => ({ id: newId(), municipality_id: m.municipality.id, code, name: `Gebiet ${code}`, level: 'register-api', parent_id: null, boundary: null, population: null, created_at: now, updated_at: now })))
				.execute();
		}
	});
	afterAll(async () => {
		await t?.cleanup();
		await rm(dataDir, { recursive: true, force: true });
	});

	it('a grid CSV (and its ZIP) as the body starts a job; the job resource reports cells, suppression and counts per indicator', async () => {
		const before = { runs: await count('import_run', a.municipality.id), audit: await count('audit_entry', a.municipality.id) };
		const started = await startGridImportFromRequest(api(a), body(grid, 'text/csv', { 'content-disposition': 'attachment; filename="gitter.csv"' }), gridUrl(GRID_Q));
		expect(await count('import_run', a.municipality.id)).toBe(before.runs + 1);
		expect(await count('audit_entry', a.municipality.id)).toBe(before.audit + 1);
		const queued = await gridImportResource(api(a), started.importRunId);
		expect(queued).toMatchObject({ id: started.importRunId, status: 'queued', fileName: 'gitter.csv', result: null, error: null, settings: { target: 'areas', level: 'zensus-api', period: '2022' } });
		expect(queued.settings.columns).toEqual([
			{ column: 'Einwohner', indicatorKey: 'population', kind: 'count' },
			{ column: 'AnteilAuslaender', indicatorKey: 'foreigners_share', kind: 'share' }
		]);
		expect(await runner.runOnce()).toBe(true);
		const done = await gridImportResource(api(a), started.importRunId);
		expect(done.status).toBe('succeeded');
		expect(done.progress).toBeNull();
		const r = done.result!;
		expect(r.cells.read).toBe(375);
		expect(r.cells.assigned + r.cells.outside).toBe(r.cells.read);
		expect(r.cells.outside).toBeGreaterThan(0);
		expect(r.indicators.map((i) => i.indicatorKey)).toEqual(['population', 'foreigners_share']);
		for (const i of r.indicators) {
			expect(i.knownCells + i.suppressedCells).toBeLessThanOrEqual(r.cells.assigned);
			expect(i.observations).toBeGreaterThan(0);
		}
		expect(r.indicators[0].suppressedCells).toBeGreaterThan(0); // the fixture has secret cells
		expect(r.observations.total).toBe(r.indicators.reduce((s, i) => s + i.observations, 0));
		expect(r.observations.inserted).toBe(r.observations.total);
		// The other municipality sees nothing of it.
		await expect(gridImportResource(api(b), started.importRunId)).rejects.toBeInstanceOf(NotFoundError);
		await expect(gridImportResource(api(a), 'nicht-da')).rejects.toBeInstanceOf(NotFoundError);

		// The ZIP as the statistics offices publish it: same cells, now updates.
		const zip = zipSync({ 'Zensus2022_Gitter.csv': grid });
		const again = await startGridImportFromRequest(api(a), body(zip, 'application/zip'), gridUrl(GRID_Q));
		expect(await runner.runOnce()).toBe(true);
		const second = await gridImportResource(api(a), again.importRunId);
		expect(second).toMatchObject({ status: 'succeeded', fileName: 'zensus-gitter.zip' });
		expect(second.result).toMatchObject({ cells: { read: 375 }, observations: { inserted: 0, updated: r.observations.total }, assignment: { cacheReused: true, located: 0 } });
	});

	it('bad settings, media types, sizes and empty bodies are refused before anything is stored', async () => {
		const before = await snapshot();
		const cases: [string, string][] = [
			['target=areas&level=zensus-api&column=Einwohner:population', 'period'],
			['target=nowhere&period=2022&column=Einwohner:population', 'target'],
			['target=areas&level=zensus-api&period=2022', 'column'],
			['target=areas&level=zensus-api&period=2022&column=Einwohner', 'column.0'],
			['target=areas&level=zensus-api&period=2022&column=Einwohner:gibt_es_nicht', 'columns.0.indicatorKey'],
			['target=areas&level=keine-grenzen&period=2022&column=Einwohner:population', 'target'],
			['target=areas&level=zensus-api&period=20x2&column=Einwohner:population', 'period']
		];
		for (const [q, field] of cases) {
			const e = await startGridImportFromRequest(api(a), body(grid, 'text/csv'), gridUrl(q)).catch((x) => x);
			expect(e, q).toBeInstanceOf(ValidationError);
			expect(Object.keys((e as ValidationError).fieldErrors), q).toContain(field);
		}
		const status = async (req: Request) => ((await startGridImportFromRequest(api(a), req, gridUrl(GRID_Q)).catch((x) => x)) as ApiInputError).status;
		expect(await status(body(grid, 'application/json'))).toBe(415);
		expect(await status(body(grid, 'text/csv', { 'content-length': String(200 * 1024 * 1024) }))).toBe(413);
		const empty = await startGridImportFromRequest(api(a), body(new Uint8Array(), 'text/csv'), gridUrl(GRID_Q)).catch((x) => x);
		expect((empty as ValidationError).fieldErrors).toEqual({ file: ['statistics.api.error.emptyBody'] });
		const dept = { ...asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]), locale: 'de' as const };
		await expect(startGridImportFromRequest(dept, body(grid, 'text/csv'), gridUrl(GRID_Q))).rejects.toBeInstanceOf(ForbiddenError);
		await expect(importRegisterFromRequest(dept, body(new TextEncoder().encode(REGISTER_CSV), 'text/csv'), new URL('http://x/?period=2024'))).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		// The 422 is problem+json with German field messages.
		const res = await referenceProblem(api(a), () => startGridImportFromRequest(api(a), body(grid, 'text/csv'), gridUrl(cases[4][0])).then(() => new Response()));
		expect(res.status).toBe(422);
		expect(res.headers.get('content-type')).toContain('application/problem+json');
		expect((await res.json()).errors['columns.0.indicatorKey']).toEqual(['Der gewählte Eintrag existiert nicht.']);
	});

	it('a register extract as the body answers with aggregates only; bad mappings write nothing', async () => {
		const csv = new TextEncoder().encode(REGISTER_CSV);
		const url = (q: string) => new URL(`http://localhost/api/v1/imports/register?period=2024&level=register-api&columns.age=&columns.personId=Personen_ID&${q}`);
		const before = await snapshot();
		for (const [q, field] of [
			['columns.area=Bezirk', 'columns.area'],
			['indicators.population=gibt_es_nicht', 'indicators.population'],
			['colums.area=Gebiet', '_form']
		] as const) {
			const e = await importRegisterFromRequest(api(a), body(csv, 'text/csv'), url(q)).catch((x) => x);
			expect(e, q).toBeInstanceOf(ValidationError);
			expect(Object.keys((e as ValidationError).fieldErrors), q).toContain(field);
		}
		expect(((await importRegisterFromRequest(api(a), body(csv, 'application/json'), url('')).catch((x) => x)) as ApiInputError).status).toBe(415);
		expect(await snapshot()).toEqual(before);

		const out = await importRegisterFromRequest(api(a), body(csv, 'text/csv'), url(''));
		expect(out).toMatchObject({ period: '2024', persons: 9, areas: 2, unknownCitizenship: 1, unmatchedAreas: { codes: ['ZZ'], persons: 1 } });
		expect(out.observations.total).toBeGreaterThan(0);
		expect(await count('observation', a.municipality.id)).toBe(before.obs + out.observations.inserted);
		// Nothing of a row leaves: no person id, and small counts are suppressed (minimum 3).
		const text = JSON.stringify(out);
		expect(text).not.toContain('PID-7QX');
		const population = out.figures.indicators.find((i) => i.key === 'population')!;
		const cells = out.figures.areas.map((ar) => ar.cells[population.id]);
		expect(cells).toEqual([
			{ value: 4, flags: [] },
			{ value: 4, flags: [] }
		]);
		const share = out.figures.indicators.find((i) => i.key === 'foreigners_share')!;
		const byCode = new Map(out.figures.areas.map((ar) => [ar.code, ar.cells[share.id]]));
		expect(byCode.get('A')).toMatchObject({ value: null, flags: ['suppressed-secondary'] }); // the share of a suppressed count (1 foreigner)
		expect(byCode.get('B')?.value).toBe(0); // nobody reveals nothing
		const run = await t.db.kysely.selectFrom('import_run').select(['file_content', 'kind']).where('id', '=', out.importRunId).executeTakeFirstOrThrow();
		expect(run).toEqual({ file_content: null, kind: 'register' });
	});

	it('POST observations: ids that are not the municipality’s (another one’s or none) answer 404 naming the fields, nothing written', async () => {
		const popA = (await findIndicatorByKey(t.db.kysely, a.municipality.id, 'population'))!;
		const popB = (await findIndicatorByKey(t.db.kysely, b.municipality.id, 'population'))!;
		const areaA = (await t.db.kysely.selectFrom('statistical_area').select('id').where('municipality_id', '=', a.municipality.id).where('code', '=', 'A').executeTakeFirstOrThrow()).id;
		const areaB = (await t.db.kysely.selectFrom('statistical_area').select('id').where('municipality_id', '=', b.municipality.id).where('code', '=', 'A').executeTakeFirstOrThrow()).id;
		const before = await snapshot();
		const cases: [Record<string, string>, string[]][] = [
			[{ indicatorId: popB.id, areaId: areaA }, ['observations.1.indicatorId']],
			[{ indicatorId: popA.id, areaId: areaB }, ['observations.1.areaId']],
			[{ indicatorId: newId(), areaId: newId() }, ['observations.1.indicatorId', 'observations.1.areaId']]
		];
		for (const [ids, fields] of cases) {
			const input = { observations: [{ indicatorId: popA.id, areaId: areaA, period: '2023', value: 50 }, { ...ids, period: '2023', value: 5 }] };
			const e = await upsertObservations({ ctx: a.ctx, input }).catch((x) => x);
			expect(e).toBeInstanceOf(UnknownReferenceError);
			expect(e).toBeInstanceOf(NotFoundError);
			expect(Object.keys((e as UnknownReferenceError).fieldErrors).sort()).toEqual([...fields].sort());
			const res = await referenceProblem(api(a), () => upsertObservations({ ctx: a.ctx, input }).then(() => new Response()));
			expect(res.status).toBe(404);
			expect(res.headers.get('content-type')).toContain('application/problem+json');
			expect(Object.keys((await res.json()).errors).sort()).toEqual([...fields].sort());
		}
		expect(await snapshot()).toEqual(before);
	});

	it('reads the file name from Content-Disposition', () => {
		const r = (v: string) => new Request('http://x', { method: 'POST', headers: { 'content-disposition': v } });
		expect(fileNameOf(r('attachment; filename="a b.csv"'))).toBe('a b.csv');
		expect(fileNameOf(r("attachment; filename*=UTF-8''Gitter%C3%BC.csv"))).toBe('Gitterü.csv');
		expect(fileNameOf(r('attachment; filename=../../etc/passwd'))).toBe('.._.._etc_passwd');
		expect(fileNameOf(new Request('http://x'))).toBeNull();
	});
});
