import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ForbiddenError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import type { CommandContext } from '../core/command';
import { JobRunner } from '../jobs/runner';
import { jobHandlers } from '../jobs/server-runner';
import { findJobById } from '../jobs/jobs.repository';
import { readBoundaries } from '../statistics/import/boundaries';
import { findImportRun } from './indicators.repository';
import { districtProfileOf } from './indicator-figures';
import { DISTRICT_AREA_LEVEL, startGridImport, type GridImportReport } from './grid-import';
import { appendUploadChunk, createUploadSession, findUploadSession, gridUploadRoot, sweepGridUploads, ABANDONED_MS, type GridFileSource } from './grid-uploads';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../statistics/import/fixtures/${name}`, import.meta.url)));
const grid = fixture('zensus-gitter-100m.csv');

/** The fixture split as the Zensus 2022 publication ships it: population apart from shares and means (Latin-1 kept). */
function split(bytes: Uint8Array): { population: Uint8Array; values: Uint8Array } {
	const lines = Buffer.from(bytes).toString('latin1').split(/\r?\n/).filter(Boolean);
	const rows = lines.map((l) => l.split(';'));
	const pick = (cols: number[]) => Buffer.from(rows.map((r) => cols.map((c) => r[c] ?? '').join(';')).join('\r\n') + '\r\n', 'latin1');
	return { population: new Uint8Array(pick([0, 1, 2, 3])), values: new Uint8Array(pick([0, 1, 2, 4, 5, 6])) };
}

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
const weightedOnly = [
	{ column: 'AnteilAuslaender', indicatorKey: 'foreigners_share', kind: 'share' },
	{ column: 'Durchschnittsalter', indicatorKey: 'mean_age', kind: 'mean' }
];
const file = (bytes: Uint8Array, fileName = 'zensus.csv'): GridFileSource => ({ bytes, fileName });

describe.each(dbKinds())('Zensus grid import [%s]', (kind) => {
	let t: TestDb;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	let other: Awaited<ReturnType<typeof createTenant>>;
	let third: Awaited<ReturnType<typeof createTenant>>;
	let runner: JobRunner;
	let dataDir: string;
	const features = readBoundaries(fixture('zensus-bezirke-3035.geojson'));

	beforeAll(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'quartier-grid-'));
		process.env.DATA_DIR = dataDir;
		t = await createTestDb(kind);
		tenant = await createTenant(t.db);
		other = await createTenant(t.db);
		third = await createTenant(t.db);
		runner = new JobRunner({ db: t.db, handlers: jobHandlers, pollMs: 10_000 });
		const read = await features;
		const now = nowIso();
		for (const m of [tenant, other, third]) {
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
	afterAll(async () => {
		await t?.cleanup();
		await rm(dataDir, { recursive: true, force: true });
	});

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
	const count = async (table: 'import_run' | 'observation' | 'audit_entry' | 'statistical_area' | 'district_area' | 'job', municipalityId?: string) => {
		let q = t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
		if (municipalityId) q = q.where('municipality_id', '=', municipalityId);
		return Number((await q.executeTakeFirstOrThrow()).n);
	};
	const runFiles = async (municipalityId: string) => (await readdir(join(gridUploadRoot(), municipalityId)).catch(() => [] as string[])).filter((f) => f.startsWith('run-'));
	const run = async (ctx: CommandContext, files: Parameters<typeof startGridImport>[0]['files'], input: unknown) => {
		const { importRunId, jobId } = await startGridImport({ ctx, files, input });
		expect(await runner.runOnce()).toBe(true);
		const r = (await findImportRun(t.db.kysely, ctx.principal.municipalityId, importRunId))!;
		return { importRunId, jobId, run: r, report: r.report as GridImportReport };
	};
	const strip = (rows: Awaited<ReturnType<typeof observations>>) => rows.map(({ source_import_id: _, ...o }) => ({ ...o, value: o.value === null ? null : Number(Number(o.value).toFixed(6)), numerator: o.numerator === null ? null : Number(Number(o.numerator).toFixed(6)), denominator: o.denominator === null ? null : Number(o.denominator) }));

	it('aggregates the fixture in a job, writes weighted figures and the report, caches the assignment and removes the upload', async () => {
		const audits = await count('audit_entry', tenant.municipality.id);
		const { importRunId, jobId, run: r, report } = await run(tenant.ctx, { value: file(grid) }, settings());
		expect((await findJobById(t.db.kysely, jobId))?.status).toBe('succeeded');
		expect(r.status).toBe('succeeded');
		expect(report.cells).toBe(375);
		expect(report.weights).toBe('value-file');
		expect(report.located).toBeGreaterThan(0);
		expect(report.cacheReused).toBe(false);
		// One audit entry for the start, one for the finished run.
		expect(await count('audit_entry', tenant.municipality.id)).toBe(audits + 2);
		const obs = await observations(tenant.municipality.id, importRunId);
		expect(obs.length).toBe(report.observations);
		expect(report.inserted).toBe(report.observations);
		const pop = obs.filter((o) => o.key === 'population');
		expect(pop.length).toBeGreaterThan(0);
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
		expect(report.columns.reduce((s, c) => s + c.suppressedCells, 0)).toBeGreaterThan(0);
		expect(await runFiles(tenant.municipality.id)).toEqual([]);
	});

	it('re-aggregates with unchanged boundaries without any point-in-polygon test and updates instead of duplicating', async () => {
		const before = await observations(tenant.municipality.id);
		const { report } = await run(tenant.ctx, { value: file(grid) }, settings());
		expect(report.cacheReused).toBe(true);
		expect(report.located).toBe(0);
		expect(report.cachedHits).toBeGreaterThan(0);
		expect(report.inserted).toBe(0);
		expect(report.updated).toBe(report.observations);
		expect(strip(await observations(tenant.municipality.id))).toEqual(strip(before));
	});

	it('weights shares and means by a separately uploaded population grid: the same figures as from one file', async () => {
		const combined = await run(third.ctx, { value: file(grid) }, settings());
		const expected = strip(await observations(third.municipality.id, combined.importRunId)).filter((o) => o.key !== 'population');
		const parts = split(grid);
		const separate = await run(third.ctx, { value: file(parts.values, 'Zensus2022_Anteil_Auslaender_100m-Gitter.csv'), population: file(parts.population, 'Zensus2022_Bevoelkerungszahl_100m-Gitter.csv') }, settings({ columns: weightedOnly }));
		expect(separate.run.status).toBe('succeeded');
		expect(separate.report.weights).toBe('population-file');
		expect(separate.report.populationCells).toBeGreaterThan(0);
		expect(strip(await observations(third.municipality.id, separate.importRunId))).toEqual(expected);
		expect(separate.report.columns.map((c) => c.weightUnknownCells)).toEqual(combined.report.columns.filter((c) => c.kind !== 'count').map((c) => c.weightUnknownCells));
		// Cells missing from the population file are left out of the weighting and counted, not averaged unweighted.
		const partial = new Uint8Array(Buffer.from(Buffer.from(parts.population).toString('latin1').split('\r\n').slice(0, 100).join('\r\n') + '\r\n', 'latin1'));
		const fewer = await run(third.ctx, { value: file(parts.values), population: file(partial) }, settings({ columns: weightedOnly }));
		expect(fewer.run.status).toBe('succeeded');
		expect(fewer.report.columns[0].weightUnknownCells).toBeGreaterThan(separate.report.columns[0].weightUnknownCells);
	});

	it('refuses shares and means without population weights (nothing stored), but imports counts alone', async () => {
		const parts = split(grid);
		const before = await count('observation', third.municipality.id);
		const refused = await run(third.ctx, { value: file(parts.values) }, settings({ columns: weightedOnly }));
		expect(refused.run.status).toBe('failed');
		expect(refused.report.error?.code).toBe('gridWeightsMissing');
		expect(refused.report.error?.params?.columns).toBe('AnteilAuslaender, Durchschnittsalter');
		expect(await count('observation', third.municipality.id)).toBe(before);
		expect(await runFiles(third.municipality.id)).toEqual([]);
		const counts = await run(third.ctx, { value: file(parts.population) }, settings({ columns: [{ column: 'Einwohner', indicatorKey: 'population', kind: 'count' }] }));
		expect(counts.run.status).toBe('succeeded');
		expect(counts.report.weights).toBeUndefined();
	});

	it('reads the ZIP as published (streamed), and refuses an archive without CSV and a zip bomb with nothing stored', async () => {
		const plain = await observations(tenant.municipality.id);
		const zipped = zipSync({ 'Zensus2022_Bevoelkerungszahl/LIESMICH.txt': [new TextEncoder().encode('x'), { level: 6 }], 'Zensus2022_Bevoelkerungszahl/Zensus2022_Bevoelkerungszahl_100m-Gitter.csv': [grid, { level: 6 }] });
		const ok = await run(tenant.ctx, { value: file(zipped, 'Zensus2022_Bevoelkerungszahl_100m-Gitter.zip') }, settings());
		expect(ok.run.status, JSON.stringify(ok.report)).toBe('succeeded');
		expect(ok.report.cells).toBe(375);
		expect(strip(await observations(tenant.municipality.id))).toEqual(strip(plain));

		const before = await count('observation', tenant.municipality.id);
		const noCsv = await run(tenant.ctx, { value: file(zipSync({ 'readme.pdf': new Uint8Array([1, 2, 3]) }), 'z.zip') }, settings());
		expect(noCsv.run.status).toBe('failed');
		expect(noCsv.report.error?.code).toBe('gridZipNoCsv');
		const header = 'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner;AnteilAuslaender;Durchschnittsalter\n';
		const bomb = zipSync({ 'bomb.csv': [new TextEncoder().encode(header + 'CRS3035RES100mN3100100E4400000;4400050;3100150;6;19,0;28,4\n'.repeat(200_000)), { level: 9 }] });
		expect(bomb.byteLength).toBeLessThan(200_000);
		const bombed = await run(tenant.ctx, { value: file(bomb, 'bomb.zip') }, settings());
		expect(bombed.run.status).toBe('failed');
		expect(bombed.report.error?.code).toBe('gridZipRatio');
		expect(await count('observation', tenant.municipality.id)).toBe(before);
		expect(await runFiles(tenant.municipality.id)).toEqual([]);
	});

	it('fails a file with text in a number column, a file without grid columns and an empty file: clear issue, nothing half-imported', async () => {
		const before = await count('observation', tenant.municipality.id);
		const text = Buffer.from(grid).toString('latin1').split('\n');
		const cols = text[5].split(';');
		cols[3] = 'viele';
		text[5] = cols.join(';');
		const bad = await run(tenant.ctx, { value: file(new Uint8Array(Buffer.from(text.join('\n'), 'latin1'))) }, settings());
		expect(bad.run.status).toBe('failed');
		expect(bad.report.error?.code).toBe('gridValuesNotNumber');
		expect(bad.report.error?.row).toBe(6);
		expect(bad.report.error?.params?.value).toBe('viele');
		const broken = await run(tenant.ctx, { value: file(new TextEncoder().encode('foo;bar\n1;2\n')) }, settings());
		expect(broken.run.status).toBe('failed');
		expect(broken.report.error?.code).toBe('gridColumnsMissing');
		expect(await count('observation', tenant.municipality.id)).toBe(before);
		const row = await t.db.kysely.selectFrom('import_run').select('file_content').where('id', '=', broken.importRunId).executeTakeFirstOrThrow();
		expect(row.file_content).toBeNull();
		const runs = await count('import_run', tenant.municipality.id);
		await expect(startGridImport({ ctx: tenant.ctx, files: { value: file(new Uint8Array(0)) }, input: settings() })).rejects.toMatchObject({ fieldErrors: { file: ['import.emptyFile'] } });
		expect(await count('import_run', tenant.municipality.id)).toBe(runs);
		expect(await runFiles(tenant.municipality.id)).toEqual([]);
	});

	it('changed boundaries get a new assignment', async () => {
		const area = await t.db.kysely.selectFrom('statistical_area').select(['id', 'boundary']).where('municipality_id', '=', tenant.municipality.id).where('level', '=', 'zensus-test').orderBy('code').executeTakeFirstOrThrow();
		const g = JSON.parse(area.boundary!);
		const ring: number[][] = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
		ring[0] = [ring[0][0] + 1e-7, ring[0][1]];
		ring[ring.length - 1] = ring[0];
		await t.db.kysely.updateTable('statistical_area').set({ boundary: JSON.stringify(g) }).where('id', '=', area.id).execute();
		const { report } = await run(tenant.ctx, { value: file(grid) }, settings());
		expect(report.cacheReused).toBe(false);
		expect(report.located).toBeGreaterThan(0);
	});

	it('aggregates to districts: mirrored areas linked to the districts, figures in the district profile, no duplicates on re-import', async () => {
		const read = await features;
		const now = nowIso();
		// The third district's code is also the code of a statistical area (of another level): its mirror gets a prefixed code.
		const districts = read.features.slice(0, 3).map((f, i) => ({ id: newId(), municipality_id: other.municipality.id, name: String(f.properties.name), code: i < 2 ? `Q-${f.properties.id}` : String(f.properties.id), parent_id: null, boundary: JSON.stringify(f.geometry), created_at: now, updated_at: now }));
		const mirrorCode = (code: string) => (code.startsWith('Q-') ? code : `quartier-${code}`);
		await t.db.kysely.insertInto('district').values(districts).execute();
		// The first district is also composed of two statistical areas (without 2022 figures): the profile must take
		// each indicator from one level only.
		const planning = await t.db.kysely.selectFrom('statistical_area').select('id').where('municipality_id', '=', other.municipality.id).where('level', '=', 'zensus-test').orderBy('code').limit(2).execute();
		await t.db.kysely.insertInto('district_area').values(planning.map((a) => ({ municipality_id: other.municipality.id, district_id: districts[0].id, area_id: a.id }))).execute();
		const input = settings({ target: 'districts', level: undefined });
		const first = await run(other.ctx, { value: file(grid) }, input);
		expect(first.run.status).toBe('succeeded');
		expect(first.report.polygons).toBe(3);
		expect(first.report.districtAreasCreated).toBe(3);
		expect(first.report.districtLinksAdded).toBe(3);
		const obs = await observations(other.municipality.id, first.importRunId);
		expect([...new Set(obs.map((o) => o.code))].sort()).toEqual(districts.map((d) => mirrorCode(d.code)).sort());
		for (const d of districts) {
			const profile = await districtProfileOf(t.db.kysely, other.municipality.id, { districtId: d.id, period: '2022' });
			const pop = profile.find((r) => r.indicator.key === 'population')!;
			const stored = obs.find((o) => o.key === 'population' && o.code === mirrorCode(d.code))!;
			expect(pop.district.value).toBe(Number(stored.value));
			expect(pop.district.coverage.withData).toBe(1);
			const share = profile.find((r) => r.indicator.key === 'foreigners_share')!;
			expect(share.district.value).not.toBeNull();
		}
		const second = await run(other.ctx, { value: file(grid) }, input);
		expect(second.report.districtAreasCreated).toBe(0);
		expect(second.report.districtLinksAdded).toBe(0);
		expect(second.report.inserted).toBe(0);
		expect(second.report.cacheReused).toBe(true);
		const areas = await t.db.kysely.selectFrom('statistical_area').select('code').where('municipality_id', '=', other.municipality.id).where('level', '=', DISTRICT_AREA_LEVEL).execute();
		expect(areas.length).toBe(3);
		expect(await count('district_area', other.municipality.id)).toBe(5);
		expect(await count('observation', other.municipality.id)).toBe(obs.length);
	});

	it('takes over a complete chunked upload of the same user; refuses an incomplete, foreign or other user’s upload, writing nothing', async () => {
		const userId = tenant.principal.userId;
		const s = (await createUploadSession(tenant.municipality.id, userId, 'Zensus2022.zip', grid.byteLength))!;
		const half = Math.floor(grid.byteLength / 2);
		expect((await appendUploadChunk(tenant.municipality.id, userId, s.id, 0, grid.subarray(0, half))).ok).toBe(true);
		// A repeated chunk (offset no longer current) is refused with the state to resume from.
		const again = await appendUploadChunk(tenant.municipality.id, userId, s.id, 0, grid.subarray(0, half));
		expect(again).toMatchObject({ ok: false, reason: 'offset', state: { received: half } });
		expect(await appendUploadChunk(other.municipality.id, other.principal.userId, s.id, half, grid.subarray(half))).toMatchObject({ ok: false, reason: 'notFound' });
		expect(await appendUploadChunk(tenant.municipality.id, 'someone-else', s.id, half, grid.subarray(half))).toMatchObject({ ok: false, reason: 'notFound' });
		const runs = await count('import_run');
		await expect(startGridImport({ ctx: tenant.ctx, files: { value: { uploadId: s.id } }, input: settings() })).rejects.toMatchObject({ fieldErrors: { file: ['statistics.grid.error.uploadIncomplete'] } });
		expect(await appendUploadChunk(tenant.municipality.id, userId, s.id, half, new Uint8Array(grid.byteLength))).toMatchObject({ ok: false, reason: 'tooLarge' });
		expect((await appendUploadChunk(tenant.municipality.id, userId, s.id, half, grid.subarray(half))).ok).toBe(true);
		await expect(startGridImport({ ctx: other.ctx, files: { value: { uploadId: s.id } }, input: settings() })).rejects.toBeInstanceOf(ValidationError);
		expect(await count('import_run')).toBe(runs);
		const { run: r, report } = await run(tenant.ctx, { value: { uploadId: s.id } }, settings());
		expect(r.status).toBe('succeeded');
		expect(r.fileName).toBe('Zensus2022.zip');
		expect(report.cells).toBe(375);
		expect(await findUploadSession(tenant.municipality.id, userId, s.id)).toBeUndefined();
		expect(await createUploadSession(tenant.municipality.id, userId, 'x.csv', 0)).toBeNull();
		expect(await createUploadSession(tenant.municipality.id, userId, 'x.csv', 10 * 1024 * 1024 * 1024)).toBeNull();
	});

	it('removes abandoned chunked uploads and run files of finished runs, keeps pending ones', async () => {
		const s = (await createUploadSession(tenant.municipality.id, tenant.principal.userId, 'old.csv', 10))!;
		const fresh = (await createUploadSession(tenant.municipality.id, tenant.principal.userId, 'new.csv', 10))!;
		const dir = join(gridUploadRoot(), tenant.municipality.id);
		const old = new Date(Date.now() - ABANDONED_MS - 60_000);
		await utimes(join(dir, `${s.id}.part`), old, old);
		await utimes(join(dir, `${s.id}.json`), old, old);
		const orphan = join(dir, `run-${newId()}-value.bin`);
		await writeFile(orphan, 'x');
		await utimes(orphan, old, old);
		await sweepGridUploads(async () => false);
		expect(await findUploadSession(tenant.municipality.id, tenant.principal.userId, s.id)).toBeUndefined();
		expect(await findUploadSession(tenant.municipality.id, tenant.principal.userId, fresh.id)).toBeDefined();
		expect(await runFiles(tenant.municipality.id)).toEqual([]);
	});

	it('refuses bad settings and other roles, writing nothing', async () => {
		const n = await count('import_run');
		const files = await runFiles(tenant.municipality.id);
		await expect(startGridImport({ ctx: tenant.ctx, files: { value: file(grid) }, input: settings({ period: '22' }) })).rejects.toBeInstanceOf(ValidationError);
		await expect(startGridImport({ ctx: tenant.ctx, files: { value: file(grid) }, input: settings({ level: 'nowhere' }) })).rejects.toBeInstanceOf(ValidationError);
		await expect(startGridImport({ ctx: tenant.ctx, files: { value: file(grid) }, input: settings({ columns: [{ column: 'Einwohner', indicatorKey: 'nope', kind: 'count' }] }) })).rejects.toBeInstanceOf(ValidationError);
		const reader = asGrants({ db: t.db, municipalityId: tenant.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		await expect(startGridImport({ ctx: reader, files: { value: file(grid) }, input: settings() })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await count('import_run')).toBe(n);
		expect(await runFiles(tenant.municipality.id)).toEqual(files);
	});
});
