import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createMunicipality } from './create-municipality';
import { findMunicipalityBySlug } from './municipalities.repository';
import { ConflictError, ValidationError } from '../core/errors';

describe.each(dbKinds())('municipalities [%s]', (kind) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(kind);
	});
	afterAll(async () => t.cleanup());

	it('creates a tenant with the twelve handbook fields of action and an audit entry', async () => {
		const m = await createMunicipality({ db: t.db, input: { name: 'Jena', ags: '16053000', slug: 'jena' } });
		expect(await findMunicipalityBySlug(t.db.kysely, 'jena')).toMatchObject({ id: m.id, ags: '16053000' });
		const fields = await t.db.kysely.selectFrom('action_field').select('key').where('municipality_id', '=', m.id).execute();
		expect(fields).toHaveLength(12);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity_id', '=', m.id).execute();
		expect(audit).toHaveLength(1);
	});

	it('rejects a malformed AGS and a duplicate slug, writing nothing', async () => {
		await expect(createMunicipality({ db: t.db, input: { name: 'X', ags: '123', slug: 'x' } })).rejects.toBeInstanceOf(ValidationError);
		await expect(createMunicipality({ db: t.db, input: { name: 'Jena 2', ags: '16053001', slug: 'jena' } })).rejects.toBeInstanceOf(ConflictError);
		const count = await t.db.kysely.selectFrom('municipality').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});
});
