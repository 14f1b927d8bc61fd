import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ForbiddenError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { findImportRun } from './indicators.repository';
import { importRegisterExtract, type RegisterImportReport } from './register-import';

/** A small register extract; person ids are distinctive so that any trace of them can be found. */
export const REGISTER_CSV = [
	'Personen_ID;Gebiet;Staatsangehoerigkeit;Zweite_Staatsangehoerigkeit;Geburtsland;Einbuergerung;Geburtsdatum;Eltern_IDs',
	'PID-7QX-0001;A;DE;;DE;;1980-01-01;',
	'PID-7QX-0002;A;TR;;TR;;1982-05-05;',
	'PID-7QX-0003;A;DE;;DE;;2015-03-03;PID-7QX-0001,PID-7QX-0002', // minor, via parent (foreigner)
	'PID-7QX-0004;A;DE;PL;DE;;1970-01-01;', // second citizenship
	'PID-7QX-0005;B;DE;;DE;ja;1960-01-01;', // naturalised
	'PID-7QX-0006;B;DE;;DE;;1990-01-01;',
	'PID-7QX-0007;B;DE;;DE;;2018-01-01;PID-7QX-0006',
	'PID-7QX-0008;B;;;;;1990-01-01;', // unknown citizenship
	'PID-7QX-0009;ZZ;DE;;DE;;1990-01-01;' // unknown area
].join('\r\n');

const input = (over: Record<string, unknown> = {}) => ({
	period: '2024',
	columns: { area: 'Gebiet', citizenship: 'Staatsangehoerigkeit', secondCitizenship: 'Zweite_Staatsangehoerigkeit', countryOfBirth: 'Geburtsland', naturalised: 'Einbuergerung', birthDate: 'Geburtsdatum', personId: 'Personen_ID', parentIds: 'Eltern_IDs' },
	indicators: { population: 'population', withMigrationBackground: 'migration_background_share', foreigners: 'foreigners_share', germansWithMigrationBackground: '', minorsWithMigrationBackground: 'migration_background_under_18_share' },
	...over
});

describe.each(dbKinds())('register extract import [%s]', (kind) => {
	let t: TestDb;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	const bytes = new TextEncoder().encode(REGISTER_CSV);

	beforeAll(async () => {
		t = await createTestDb(kind);
		tenant = await createTenant(t.db);
		const now = nowIso();
		await t.db.kysely
			.insertInto('statistical_area')
			.values(['A', 'B'].map((code) => ({ id: newId(), municipality_id: tenant.municipality.id, code, name: `Gebiet ${code}`, level: 'planning-area', parent_id: null, boundary: null, population: null, created_at: now, updated_at: now })))
			.execute();
	});
	afterAll(async () => t?.cleanup());

	const figures = async () =>
		t.db.kysely
			.selectFrom('observation')
			.innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
			.innerJoin('statistical_area', 'statistical_area.id', 'observation.area_id')
			.select(['indicator.key', 'statistical_area.code', 'observation.value', 'observation.numerator', 'observation.denominator'])
			.where('observation.municipality_id', '=', tenant.municipality.id)
			.orderBy('indicator.key')
			.orderBy('statistical_area.code')
			.execute();

	it('stores the MigraPro counts per area as numerators and denominators, and an import run without the file', async () => {
		const r = await importRegisterExtract({ ctx: tenant.ctx, fileName: 'melderegister.csv', bytes, input: input() });
		expect(r.ok).toBe(true);
		const report = (r as { report: RegisterImportReport }).report;
		expect(report.persons).toBe(9);
		expect(report.unmatchedAreas).toEqual([{ code: 'ZZ', persons: 1 }]);
		expect(report.unknownCitizenship).toBe(1);
		const f = (await figures()).map((o) => [o.key, o.code, o.value === null ? null : Math.round(Number(o.value) * 100) / 100, o.numerator === null ? null : Number(o.numerator), o.denominator === null ? null : Number(o.denominator)]);
		expect(f).toEqual([
			['foreigners_share', 'A', 25, 1, 4],
			['foreigners_share', 'B', 0, 0, 3],
			['migration_background_share', 'A', 75, 3, 4],
			['migration_background_share', 'B', 33.33, 1, 3],
			['migration_background_under_18_share', 'A', 100, 1, 1],
			['migration_background_under_18_share', 'B', 0, 0, 1],
			['population', 'A', 4, null, null],
			['population', 'B', 4, null, null]
		]);
		const run = (await findImportRun(t.db.kysely, tenant.municipality.id, (r as { importRunId: string }).importRunId))!;
		expect(run.kind).toBe('register');
		expect(run.status).toBe('succeeded');
		const row = await t.db.kysely.selectFrom('import_run').select('file_content').where('id', '=', run.id).executeTakeFirstOrThrow();
		expect(row.file_content).toBeNull();
		const audit = await t.db.kysely.selectFrom('audit_entry').select('action').where('entity_id', '=', run.id).execute();
		expect(audit.map((a) => a.action)).toEqual(['import']);
	});

	it('no raw row or person id reaches the database: every table is scanned', async () => {
		const tables = (await t.db.kysely.introspection.getTables()).map((x) => x.name).filter((n) => !/^(kysely_|sqlite_)/.test(n));
		expect(tables).toContain('observation');
		const needles = ['PID-7QX', '1982-05-05', 'Staatsangehoerigkeit;'];
		let control = false;
		for (const table of tables) {
			const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db.kysely);
			const text = JSON.stringify(rows.rows, (_k, v) => (v instanceof Uint8Array || Buffer.isBuffer(v) ? Buffer.from(v as Uint8Array).toString('latin1') : v));
			for (const n of needles) expect(text.includes(n), `${n} found in ${table}`).toBe(false);
			if (text.includes('melderegister.csv')) control = true; // the scan does see stored text
		}
		expect(control).toBe(true);
	});

	it('a re-import updates instead of duplicating', async () => {
		const before = await figures();
		const r = await importRegisterExtract({ ctx: tenant.ctx, fileName: 'melderegister.csv', bytes, input: input() });
		expect((r as { report: RegisterImportReport }).report.inserted).toBe(0);
		expect(await figures()).toEqual(before);
	});

	it('refuses missing columns, unknown indicators and other roles, writing nothing', async () => {
		const count = async () => Number((await t.db.kysely.selectFrom('observation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		const n = await count();
		const err = async (p: Promise<unknown>) => p.then(() => null, (e) => e);
		const e1 = await err(importRegisterExtract({ ctx: tenant.ctx, fileName: 'r.csv', bytes, input: input({ columns: { area: 'Bezirk', citizenship: 'Staatsangehoerigkeit' } }) }));
		expect(e1).toBeInstanceOf(ValidationError);
		expect((e1 as ValidationError).fieldErrors).toEqual({ 'columns.area': ['statistics.sources.error.columnNotInFile'] });
		const e2 = await err(importRegisterExtract({ ctx: tenant.ctx, fileName: 'r.csv', bytes, input: input({ indicators: { population: 'nope' } }) }));
		expect((e2 as ValidationError).fieldErrors['indicators.population']).toEqual(['error.unknownReference']);
		const e3 = await err(importRegisterExtract({ ctx: tenant.ctx, fileName: 'r.csv', bytes: new Uint8Array(), input: input() }));
		expect(e3).toBeInstanceOf(ValidationError);
		const reader = asGrants({ db: t.db, municipalityId: tenant.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		expect(await err(importRegisterExtract({ ctx: reader, fileName: 'r.csv', bytes, input: input() }))).toBeInstanceOf(ForbiddenError);
		expect(await count()).toBe(n);
	});
});
