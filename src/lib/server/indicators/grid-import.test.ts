import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ForbiddenError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { JobRunner } from '../jobs/runner';
import { jobHandlers } from '../jobs/server-runner';
import { findJobById } from '../jobs/jobs.repository';
import { readBoundaries } from '../statistics/import/boundaries';
import { findImportRun } from './indicators.repository';
import { DISTRICT_AREA_LEVEL, startGridImport, type GridImportReport } from './grid-import';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../statistics/import/fixtures/${name}`, import.meta.url)));
const grid = fixture('zensus-gitter-100m.csv');

const settings = (over: Record<string, unknown> = {}) => ({
	target: 'areas',
	level: 'zensus-test',
	period: '2022',
	columns: [
		{ column: 'Einwohner', indicatorKey: 'population', kind: 'count' },
		{ column: 'AnteilAuslaender', indicatorKey: 'foreigners_share', kind: 'share' },
		{ column: 'Durchschnittsalter', indicatorKey: 'mean_age', kind: 'mean' }
	],
	...over
});

describe.each(dbKinds())('Zensus grid import [%s]', (kind) => {
	let t: TestDb;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	let other: Awaited<ReturnType<typeof createTenant>>;
	let runner: JobRunner;
	const features = readBoundaries(fixture('zensus-bezirke-3035.geojson'));

	beforeAll(async () => {
		t = await createTestDb(kind);
		tenant = await createTenant(t.db);
		other = await createTenant(t.db);
		runner = new JobRunner({ db: t.db, handlers: jobHandlers, pollMs: 10_000 });
		const read = await features;
		const now = nowIso();
		for (const m of [tenant, other]) {
			await t.db.kysely
				.insertInto('statistical_area')
				.values(read.features.map((f) => ({ id: newId(), municipality_id: m.municipality.id, code: String(f.properties.id), name: String(f.properties.name), level: 'zensus-test', parent_id: null, boundary: JSON.stringify(f.geometry), population: null, created_at: now, updated_at: now })))
				.execute();
			await t.db.kysely
				.insertInto('indicator')
				.values({ ...(await t.db.kysely.selectFrom('indicator').selectAll().where('municipality_id', '=', m.municipality.id).where('key', '=', 'population').executeTakeFirstOrThrow()), id: newId(), key: 'mean_age', name: 'Durchschnittsalter', is_count: 0, is_share: 0, unit: 'Jahre' })
				.execute();
		}
	});
	afterAll(async () => t?.cleanup());

	const observations = (municipalityId: string, importRunId?: string) => {
		let q = t.db.kysely
			.selectFrom('observation')
			.innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
			.innerJoin('statistical_area', 'statistical_area.id', 'observation.area_id')
			.select(['indicator.key', 'statistical_area.code', 'observation.value', 'observation.numerator', 'observation.denominator', 'observation.suppressed', 'observation.estimated', 'observation.limited', 'observation.source_import_id'])
			.where('observation.municipality_id', '=', municipalityId);
		if (importRunId) q = q.where('observation.source_import_id', '=', importRunId);
		return q.orderBy('indicator.key').orderBy('statistical_area.code').execute();
	};

	it('aggregates the fixture in a job, writes weighted figures and the report, and caches the assignment', async () => {
		const { importRunId, jobId } = await startGridImport({ ctx: tenant.ctx, fileName: 'zensus.csv', bytes: grid, input: settings() });
		expect(await runner.runOnce()).toBe(true);
		expect((await findJobById(t.db.kysely, jobId))?.status).toBe('succeeded');
		const run = (await findImportRun(t.db.kysely, tenant.municipality.id, importRunId))!;
		expect(run.status).toBe('succeeded');
		const report = run.report as GridImportReport;
		expect(report.cells).toBe(375);
		expect(report.located).toBeGreaterThan(0);
		expect(report.cacheReused).toBe(false);
		expect(report.columns.find((c) => c.column === 'AnteilAuslaender')!.suppressedCells).toBeGreaterThanOrEqual(0);
		const obs = await observations(tenant.municipality.id, importRunId);
		expect(obs.length).toBe(report.observations);
		expect(report.inserted).toBe(report.observations);
		const pop = obs.filter((o) => o.key === 'population');
		expect(pop.length).toBeGreaterThan(0);
		// Population = sum of the cell values of each area's cells; the share's denominator is that population when all weights are known.
		for (const p of pop) {
			const share = obs.find((o) => o.key === 'foreigners_share' && o.code === p.code);
			if (share && !Number(share.suppressed)) {
				expect(Number(share.denominator)).toBeLessThanOrEqual(Number(p.value));
				expect(Number(share.value)).toBeCloseTo((Number(share.numerator) / Number(share.denominator)) * 100, 6);
				expect(Number(share.estimated)).toBe(1);
			}
		}
		const cached = await t.db.kysely.selectFrom('grid_cell_assignment').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', tenant.municipality.id).executeTakeFirstOrThrow();
		expect(Number(cached.n)).toBe(report.located);
		// The suppressed-cell count is honest: it equals the "–" cells of the file inside the areas.
		const total = report.columns.reduce((s, c) => s + c.suppressedCells, 0);
		expect(total).toBeGreaterThan(0);
	});

	it('re-aggregates with unchanged boundaries without any point-in-polygon test and updates instead of duplicating', async () => {
		const before = await observations(tenant.municipality.id);
		const { importRunId } = await startGridImport({ ctx: tenant.ctx, fileName: 'zensus.csv', bytes: grid, input: settings() });
		await runner.runOnce();
		const report = (await findImportRun(t.db.kysely, tenant.municipality.id, importRunId))!.report as GridImportReport;
		expect(report.cacheReused).toBe(true);
		expect(report.located).toBe(0);
		expect(report.cachedHits).toBeGreaterThan(0);
		expect(report.inserted).toBe(0);
		expect(report.updated).toBe(report.observations);
		const after = await observations(tenant.municipality.id);
		expect(after.map(({ source_import_id: _, ...o }) => o)).toEqual(before.map(({ source_import_id: _, ...o }) => o));
	});

	it('changed boundaries get a new assignment', async () => {
		const area = await t.db.kysely.selectFrom('statistical_area').select(['id', 'boundary']).where('municipality_id', '=', tenant.municipality.id).where('level', '=', 'zensus-test').orderBy('code').executeTakeFirstOrThrow();
		const g = JSON.parse(area.boundary!);
		const ring: number[][] = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
		ring[0] = [ring[0][0] + 1e-7, ring[0][1]];
		ring[ring.length - 1] = ring[0];
		await t.db.kysely.updateTable('statistical_area').set({ boundary: JSON.stringify(g) }).where('id', '=', area.id).execute();
		const { importRunId } = await startGridImport({ ctx: tenant.ctx, fileName: 'zensus.csv', bytes: grid, input: settings() });
		await runner.runOnce();
		const report = (await findImportRun(t.db.kysely, tenant.municipality.id, importRunId))!.report as GridImportReport;
		expect(report.cacheReused).toBe(false);
		expect(report.located).toBeGreaterThan(0);
	});

	it('aggregates to districts with boundaries through mirrored district areas', async () => {
		const read = await features;
		const now = nowIso();
		await t.db.kysely
			.insertInto('district')
			.values(read.features.slice(0, 2).map((f) => ({ id: newId(), municipality_id: other.municipality.id, name: String(f.properties.name), code: `Q-${f.properties.id}`, parent_id: null, boundary: JSON.stringify(f.geometry), created_at: now, updated_at: now })))
			.execute();
		const { importRunId } = await startGridImport({ ctx: other.ctx, fileName: 'zensus.csv', bytes: grid, input: settings({ target: 'districts', level: undefined, columns: [{ column: 'Einwohner', indicatorKey: 'population', kind: 'count' }] }) });
		await runner.runOnce();
		const run = (await findImportRun(t.db.kysely, other.municipality.id, importRunId))!;
		expect(run.status).toBe('succeeded');
		const obs = await observations(other.municipality.id, importRunId);
		expect(obs.map((o) => o.code).sort()).toEqual(read.features.slice(0, 2).map((f) => `Q-${f.properties.id}`).sort());
		const areas = await t.db.kysely.selectFrom('statistical_area').select('code').where('municipality_id', '=', other.municipality.id).where('level', '=', DISTRICT_AREA_LEVEL).execute();
		expect(areas.length).toBe(2);
		expect((run.report as GridImportReport).polygons).toBe(2);
	});

	it('refuses bad settings and other roles, writing nothing', async () => {
		const runs = async () => Number((await t.db.kysely.selectFrom('import_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		const n = await runs();
		await expect(startGridImport({ ctx: tenant.ctx, fileName: 'z.csv', bytes: grid, input: settings({ period: '22' }) })).rejects.toBeInstanceOf(ValidationError);
		await expect(startGridImport({ ctx: tenant.ctx, fileName: 'z.csv', bytes: grid, input: settings({ level: 'nowhere' }) })).rejects.toBeInstanceOf(ValidationError);
		await expect(startGridImport({ ctx: tenant.ctx, fileName: 'z.csv', bytes: grid, input: settings({ columns: [{ column: 'Einwohner', indicatorKey: 'nope', kind: 'count' }] }) })).rejects.toBeInstanceOf(ValidationError);
		const reader = asGrants({ db: t.db, municipalityId: tenant.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		await expect(startGridImport({ ctx: reader, fileName: 'z.csv', bytes: grid, input: settings() })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await runs()).toBe(n);
	});

	it('records a broken file as a failed run with its issue and writes no observation', async () => {
		const before = (await observations(tenant.municipality.id)).length;
		const { importRunId } = await startGridImport({ ctx: tenant.ctx, fileName: 'z.csv', bytes: new TextEncoder().encode('foo;bar\n1;2\n'), input: settings() });
		await runner.runOnce();
		const run = (await findImportRun(t.db.kysely, tenant.municipality.id, importRunId))!;
		expect(run.status, JSON.stringify(await findJobById(t.db.kysely, run.jobId!))).toBe('failed');
		expect((run.report as GridImportReport).error?.code).toBeTruthy();
		expect((await observations(tenant.municipality.id)).length).toBe(before);
		const row = await t.db.kysely.selectFrom('import_run').select('file_content').where('id', '=', importRunId).executeTakeFirstOrThrow();
		expect(row.file_content).toBeNull();
	});
});
