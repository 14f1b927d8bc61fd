import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { hashToken } from '../core/ids';
import { listApiTokens } from './accounts.repository';
import { createApiToken } from './create-api-token';
import { revokeApiToken } from './revoke-api-token';
import { resolveApiToken } from './api-tokens';
import { accountTables, userWithPassword } from './test-helpers';

describe.each(dbKinds())('API tokens [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());

	it('creates a token shown once and stored hashed; it resolves to the member’s principal; revoking stops it', async () => {
		const before = await accountTables(t.db);
		const created = await createApiToken({ ctx: a.ctx, input: { name: ' Fachverfahren ' } });
		expect(created.token).toMatch(/^qrt_[A-Za-z0-9_-]{43}$/);
		const row = await t.db.kysely.selectFrom('api_token').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ name: 'Fachverfahren', user_id: a.user.id, municipality_id: a.municipality.id, token_hash: hashToken(created.token), revoked_at: null });
		const after = await accountTables(t.db);
		expect(after.api_token).toBe(before.api_token + 1);
		expect(after.audit_entry).toBe(before.audit_entry + 1);
		const audit = await t.db.kysely.selectFrom('audit_entry').select('changes').where('entity_id', '=', created.id).executeTakeFirstOrThrow();
		expect(audit.changes).not.toContain(created.token);

		const principal = await resolveApiToken(t.db.kysely, created.token);
		expect(principal).toMatchObject({ userId: a.user.id, municipalityId: a.municipality.id, via: 'api-token' });
		expect(principal!.grants.map((g) => g.role).sort()).toEqual(['admin', 'coordinator']);
		expect((await listApiTokens(t.db.kysely, a.municipality.id)).find((x) => x.id === created.id)?.lastUsedAt).not.toBeNull();

		await revokeApiToken({ ctx: a.ctx, input: { tokenId: created.id } });
		expect(await resolveApiToken(t.db.kysely, created.token)).toBeNull();
		const twice = await revokeApiToken({ ctx: a.ctx, input: { tokenId: created.id } }).catch((e) => e);
		expect(twice).toBeInstanceOf(ConflictError);
	});

	it('creates a token for another member of the municipality, never for a stranger', async () => {
		const member = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['department'] });
		const created = await createApiToken({ ctx: a.ctx, input: { name: 'Amt', userId: member.id } });
		expect((await resolveApiToken(t.db.kysely, created.token))?.grants.map((g) => g.role)).toEqual(['department']);
		const before = await accountTables(t.db);
		await expect(createApiToken({ ctx: a.ctx, input: { name: 'Fremd', userId: b.user.id } })).rejects.toBeInstanceOf(ValidationError);
		await expect(createApiToken({ ctx: a.ctx, input: { name: '' } })).rejects.toBeInstanceOf(ValidationError);
		await expect(createApiToken({ ctx: a.ctx, input: { name: 'x'.repeat(101) } })).rejects.toBeInstanceOf(ValidationError);
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('unknown tokens do not resolve', async () => {
		expect(await resolveApiToken(t.db.kysely, 'qrt_nope')).toBeNull();
	});

	it('only admins create and revoke; another municipality cannot revoke', async () => {
		const created = await createApiToken({ ctx: a.ctx, input: { name: 'Geschützt' } });
		const planner = asGrants({ db: t.db, municipalityId: a.municipality.id, userId: a.user.id }, [{ role: 'planner', actorId: null, districtIds: null }]);
		const before = await accountTables(t.db);
		await expect(createApiToken({ ctx: planner, input: { name: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(revokeApiToken({ ctx: planner, input: { tokenId: created.id } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(revokeApiToken({ ctx: b.ctx, input: { tokenId: created.id } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(revokeApiToken({ ctx: a.ctx, input: { tokenId: 'nope' } })).rejects.toBeInstanceOf(ValidationError);
		expect(await accountTables(t.db)).toEqual(before);
		expect(await resolveApiToken(t.db.kysely, created.token)).not.toBeNull();
		expect((await listApiTokens(t.db.kysely, b.municipality.id)).map((x) => x.id)).not.toContain(created.id);
	});
});
