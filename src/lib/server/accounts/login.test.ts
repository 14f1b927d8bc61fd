import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant, countRows } from '../testing/fixtures';
import { RateLimitError, ValidationError } from '../core/errors';
import { hashToken } from '../core/ids';
import { login, type LoginLimits } from './login';
import { resolveSession } from './sessions';
import { accountTables, userWithPassword } from './test-helpers';
import { attemptKeys } from './rate-limit';
import { resolveApiToken } from './api-tokens';
import { createApiToken } from './create-api-token';
import { setUserDisabled } from './set-user-disabled';

const limits: LoginLimits = { maxAttempts: 3, windowMinutes: 15, sessionDays: 14 };

describe.each(dbKinds())('login [%s]', (kind) => {
	let t: TestDb;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		tenant = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());

	const attempt = (email: string, password: string, clientAddress = '192.0.2.1', now?: Date) =>
		login({ db: t.db, input: { email, password }, clientAddress, limits, now });

	it('logs in with the right password: a session (stored hashed) and an audit entry', async () => {
		const u = await userWithPassword(t.db, { municipalityId: tenant.municipality.id, roles: ['planner'] });
		const auditBefore = await countRows(t.db, 'audit_entry');
		const r = await attempt(` ${u.email.toUpperCase()} `, u.password, '192.0.2.10');
		expect(r.user.id).toBe(u.id);
		expect(r.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
		const stored = await t.db.kysely.selectFrom('session').selectAll().where('user_id', '=', u.id).execute();
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toBe(hashToken(r.token));
		expect(stored[0].id).not.toBe(r.token);
		expect((await resolveSession(t.db.kysely, r.token))?.user.id).toBe(u.id);
		expect(await countRows(t.db, 'audit_entry')).toBe(auditBefore + 1);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'login', entity: 'session', user_id: u.id });
		expect(audit.changes).not.toContain(u.password);
	});

	it('refuses a wrong password and an unknown e-mail with the same message, writing no session or audit entry', async () => {
		const u = await userWithPassword(t.db);
		const before = await accountTables(t.db);
		for (const [email, password] of [
			[u.email, 'wrong password 123'],
			['nobody@example.org', 'whatever password']
		]) {
			const e = await attempt(email, password, '192.0.2.20').catch((x) => x);
			expect(e).toBeInstanceOf(ValidationError);
			expect((e as ValidationError).fieldErrors).toEqual({ _form: ['error.loginFailed'] });
		}
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('rejects empty input as a validation error without counting an attempt', async () => {
		const before = await t.db.kysely.selectFrom('login_attempt').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		await expect(attempt('', '')).rejects.toBeInstanceOf(ValidationError);
		const after = await t.db.kysely.selectFrom('login_attempt').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('blocks an account after too many failures, even with the right password, until the window has passed', async () => {
		const u = await userWithPassword(t.db);
		const now = new Date();
		for (let i = 0; i < limits.maxAttempts; i++) {
			await expect(attempt(u.email, 'wrong password 123', `198.51.100.${i}`, now)).rejects.toBeInstanceOf(ValidationError);
		}
		const blocked = await attempt(u.email, u.password, '198.51.100.99', now).catch((x) => x);
		expect(blocked).toBeInstanceOf(RateLimitError);
		expect((blocked as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
		expect((blocked as RateLimitError).retryAfterSeconds).toBeLessThanOrEqual(limits.windowMinutes * 60);
		const sessions = await t.db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute();
		expect(sessions).toHaveLength(0);
		// After the window the account works again.
		const later = new Date(now.getTime() + (limits.windowMinutes + 1) * 60_000);
		await expect(attempt(u.email, u.password, '198.51.100.100', later)).resolves.toMatchObject({ user: { id: u.id } });
	});

	it('blocks a client address that tries many accounts', async () => {
		const addr = '203.0.113.7';
		for (let i = 0; i < limits.maxAttempts; i++) {
			await expect(attempt(`guess${i}@example.org`, 'wrong password 123', addr)).rejects.toBeInstanceOf(ValidationError);
		}
		const u = await userWithPassword(t.db);
		await expect(attempt(u.email, u.password, addr)).rejects.toBeInstanceOf(RateLimitError);
		await expect(attempt(u.email, u.password, '203.0.113.8')).resolves.toMatchObject({ user: { id: u.id } });
	});

	it('a successful login clears the account’s failed attempts', async () => {
		const u = await userWithPassword(t.db);
		for (let i = 0; i < limits.maxAttempts - 1; i++) await expect(attempt(u.email, 'wrong password 123', `192.0.2.${30 + i}`)).rejects.toBeInstanceOf(ValidationError);
		await attempt(u.email, u.password, '192.0.2.40');
		const left = await t.db.kysely.selectFrom('login_attempt').select('id').where('key', '=', attemptKeys.loginAccount(u.email)).execute();
		expect(left).toHaveLength(0);
		// A fresh budget: the same number of failures again is not yet blocked.
		for (let i = 0; i < limits.maxAttempts; i++) await expect(attempt(u.email, 'wrong password 123', `192.0.2.${50 + i}`)).rejects.toBeInstanceOf(ValidationError);
	});

	it('a disabled user cannot log in, and their sessions and API tokens stop working', async () => {
		const u = await userWithPassword(t.db, { municipalityId: tenant.municipality.id, roles: ['admin'] });
		const session = await attempt(u.email, u.password, '192.0.2.60');
		const token = await createApiToken({ ctx: { ...tenant.ctx, principal: { ...tenant.principal, userId: u.id } }, input: { name: 'Fachverfahren' } });
		expect(await resolveApiToken(t.db.kysely, token.token)).not.toBeNull();
		await t.db.kysely.updateTable('app_user').set({ disabled: 1 }).where('id', '=', u.id).execute();
		expect(await resolveSession(t.db.kysely, session.token)).toBeNull();
		expect(await resolveApiToken(t.db.kysely, token.token)).toBeNull();
		const e = await attempt(u.email, u.password, '192.0.2.61').catch((x) => x);
		expect(e).toBeInstanceOf(ValidationError);
		expect((e as ValidationError).fieldErrors._form).toEqual(['error.accountDisabled']);
	});

	it('a superadmin disabling an account ends its sessions at once; the last admin of a municipality cannot be disabled', async () => {
		const superadmin = await userWithPassword(t.db);
		const ctx = { db: t.db, userId: superadmin.id, isSuperadmin: true };
		const u = await userWithPassword(t.db, { municipalityId: tenant.municipality.id, roles: ['planner'] });
		await attempt(u.email, u.password, '192.0.2.70');
		await setUserDisabled({ ctx, input: { userId: u.id, disabled: 'true' } });
		expect(await t.db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
		await setUserDisabled({ ctx, input: { userId: u.id, disabled: 'false' } });
		await expect(attempt(u.email, u.password, '192.0.2.71')).resolves.toBeTruthy();

		const lone = await createTenant(t.db);
		const before = await accountTables(t.db);
		await expect(setUserDisabled({ ctx, input: { userId: lone.user.id, disabled: 'true' } })).rejects.toMatchObject({ messageKey: 'error.lastAdmin' });
		await expect(setUserDisabled({ ctx: { ...ctx, isSuperadmin: false }, input: { userId: u.id, disabled: 'true' } })).rejects.toMatchObject({ status: 403 });
		await expect(setUserDisabled({ ctx, input: { userId: superadmin.id, disabled: 'true' } })).rejects.toMatchObject({ messageKey: 'error.cannotDisableSelf' });
		expect(await accountTables(t.db)).toEqual(before);
	});
});
