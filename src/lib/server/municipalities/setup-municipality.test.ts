import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { ConflictError, ForbiddenError, ValidationError } from '../core/errors';
import { accountTables, userWithPassword } from '../accounts/test-helpers';
import { acceptInvitation } from '../accounts/accept-invitation';
import { listGrants } from '../accounts/accounts.repository';
import { setupMunicipality } from './setup-municipality';
import { findMunicipalityBySlug } from './municipalities.repository';

describe.each(dbKinds())('setting up a municipality [%s]', (kind) => {
	let t: TestDb;
	let ctx: { db: TestDb['db']; userId: string; isSuperadmin: boolean };
	beforeAll(async () => {
		t = await createTestDb(kind);
		const superadmin = await userWithPassword(t.db);
		ctx = { db: t.db, userId: superadmin.id, isSuperadmin: true };
	});
	afterAll(async () => t.cleanup());

	it('creates the municipality and its first admin invitation in one step with one audit entry', async () => {
		const before = await accountTables(t.db);
		const r = await setupMunicipality({ ctx, input: { name: 'Jena', ags: '16053000', slug: 'jena', languages: ['de', 'en'], adminEmail: 'Integration@Jena.example' }, origin: 'https://q.example' });
		expect(r.invitation.email).toBe('integration@jena.example');
		expect(r.invitation.delivery).toBe('not-configured');
		const after = await accountTables(t.db);
		expect(after.municipality).toBe(before.municipality + 1);
		expect(after.one_time_token).toBe(before.one_time_token + 1);
		expect(after.audit_entry).toBe(before.audit_entry + 1);
		const token = r.invitation.link.slice(r.invitation.link.lastIndexOf('/') + 1);
		const accepted = await acceptInvitation({ db: t.db, token, input: { name: 'Frau Integration', password: 'a long enough password', passwordRepeat: 'a long enough password' } });
		expect(await listGrants(t.db.kysely, r.municipality.id, accepted.userId)).toEqual([{ role: 'admin', actorId: null, districtIds: null }]);
		expect(await findMunicipalityBySlug(t.db.kysely, 'jena')).toMatchObject({ name: 'Jena' });
	});

	it('refuses non-superadmins, bad input and duplicates, writing nothing', async () => {
		const before = await accountTables(t.db);
		const input = { name: 'Trier', ags: '07211000', slug: 'trier', adminEmail: 'admin@trier.example' };
		await expect(setupMunicipality({ ctx: { ...ctx, isSuperadmin: false }, input, origin: 'https://q.example' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(setupMunicipality({ ctx, input: { ...input, adminEmail: 'nope' }, origin: 'https://q.example' })).rejects.toBeInstanceOf(ValidationError);
		await expect(setupMunicipality({ ctx, input: { ...input, ags: '123' }, origin: 'https://q.example' })).rejects.toBeInstanceOf(ValidationError);
		await expect(setupMunicipality({ ctx, input: { ...input, slug: 'jena' }, origin: 'https://q.example' })).rejects.toBeInstanceOf(ConflictError);
		expect(await accountTables(t.db)).toEqual(before);
	});
});
