import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transporter } from 'nodemailer';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { RateLimitError, ValidationError } from '../core/errors';
import { setMailTransport, type MailMessage } from '../mail/mailer';
import { login } from './login';
import { requestPasswordReset } from './request-password-reset';
import { checkResetToken, resetPassword } from './reset-password';
import { changePassword } from './change-password';
import { updateProfile } from './update-profile';
import { findUserById } from './accounts.repository';
import { accountTables, userWithPassword } from './test-helpers';

const limits = { maxAttempts: 3, windowMinutes: 15 };
const loginLimits = { ...limits, sessionDays: 14 };
const origin = 'https://quartier.example';

describe.each(dbKinds())('password reset and own account [%s]', (kind) => {
	let t: TestDb;
	const sent: MailMessage[] = [];
	beforeAll(async () => {
		t = await createTestDb(kind);
		setMailTransport({ sendMail: async (m: MailMessage) => void sent.push(m) } as unknown as Transporter);
	});
	afterAll(async () => {
		setMailTransport(undefined);
		await t.cleanup();
	});

	const request = async (email: string, clientAddress = '192.0.2.1', now?: Date) => {
		const r = await requestPasswordReset({ db: t.db, input: { email }, clientAddress, origin, limits, now });
		await r.delivery;
	};
	const lastLink = () => sent[sent.length - 1].text.match(/https:\/\/\S+/)![0];
	const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

	it('mails a one-hour link; using it sets the password, ends all sessions, and the link works once', async () => {
		const u = await userWithPassword(t.db);
		const s1 = await login({ db: t.db, input: { email: u.email, password: u.password }, clientAddress: '192.0.2.2', limits: loginLimits });
		await login({ db: t.db, input: { email: u.email, password: u.password }, clientAddress: '192.0.2.3', limits: loginLimits });
		const mails = sent.length;
		await request(u.email.toUpperCase(), '192.0.2.4');
		expect(sent.length).toBe(mails + 1);
		expect(sent[sent.length - 1].to).toBe(u.email);
		const token = tokenOf(lastLink());
		const row = await t.db.kysely.selectFrom('one_time_token').selectAll().where('user_id', '=', u.id).where('purpose', '=', 'reset').executeTakeFirstOrThrow();
		expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(3_600_000);
		expect(await checkResetToken(t.db, token)).toEqual({ email: u.email });

		await resetPassword({ db: t.db, token, input: { password: 'a brand new password', passwordRepeat: 'a brand new password' } });
		expect(await t.db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
		await expect(login({ db: t.db, input: { email: u.email, password: u.password }, clientAddress: '192.0.2.5', limits: loginLimits })).rejects.toBeInstanceOf(ValidationError);
		await expect(login({ db: t.db, input: { email: u.email, password: 'a brand new password' }, clientAddress: '192.0.2.5', limits: loginLimits })).resolves.toBeTruthy();
		expect(s1.token).toBeTruthy();

		const before = await accountTables(t.db);
		await expect(resetPassword({ db: t.db, token, input: { password: 'yet another password', passwordRepeat: 'yet another password' } })).rejects.toMatchObject({ status: 410, reason: 'used' });
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('answers the same for unknown addresses and writes nothing', async () => {
		const before = await accountTables(t.db);
		const mails = sent.length;
		await expect(request('nobody@example.org', '192.0.2.20')).resolves.toBeUndefined();
		expect(sent.length).toBe(mails);
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('refuses expired links and bad passwords without writing', async () => {
		const u = await userWithPassword(t.db);
		await request(u.email, '192.0.2.30', new Date(Date.now() - 2 * 3_600_000));
		const expired = tokenOf(lastLink());
		const before = await accountTables(t.db);
		await expect(resetPassword({ db: t.db, token: expired, input: { password: 'a brand new password', passwordRepeat: 'a brand new password' } })).rejects.toMatchObject({ status: 410, reason: 'expired' });
		await request(u.email, '192.0.2.31');
		const fresh = tokenOf(lastLink());
		const afterRequest = await accountTables(t.db);
		expect(afterRequest.one_time_token).toBe(before.one_time_token); // the new link replaced the old one
		await expect(resetPassword({ db: t.db, token: fresh, input: { password: 'short', passwordRepeat: 'short' } })).rejects.toBeInstanceOf(ValidationError);
		await expect(resetPassword({ db: t.db, token: fresh, input: { password: 'a brand new password', passwordRepeat: 'a different password' } })).rejects.toBeInstanceOf(ValidationError);
		await expect(resetPassword({ db: t.db, token: 'y'.repeat(43), input: { password: 'a brand new password', passwordRepeat: 'a brand new password' } })).rejects.toMatchObject({ status: 404 });
		expect(await accountTables(t.db)).toEqual(afterRequest);
		await expect(checkResetToken(t.db, fresh)).resolves.toBeTruthy();
	});

	it('rate-limits reset requests per address and per client', async () => {
		const u = await userWithPassword(t.db);
		for (let i = 0; i < limits.maxAttempts; i++) await request(u.email, `198.51.100.${i}`);
		await expect(request(u.email, '198.51.100.50')).rejects.toBeInstanceOf(RateLimitError);
		for (let i = 0; i < limits.maxAttempts; i++) await request(`someone${i}@example.org`, '198.51.100.77');
		await expect(request('someone-else@example.org', '198.51.100.77')).rejects.toBeInstanceOf(RateLimitError);
	});

	it('changes the own password with the current one, ending the other sessions only', async () => {
		const u = await userWithPassword(t.db);
		const keep = await login({ db: t.db, input: { email: u.email, password: u.password }, clientAddress: '192.0.2.40', limits: loginLimits });
		await login({ db: t.db, input: { email: u.email, password: u.password }, clientAddress: '192.0.2.41', limits: loginLimits });
		const ctx = { db: t.db, userId: u.id, isSuperadmin: false };
		const before = await accountTables(t.db);
		const wrong = await changePassword({ ctx, input: { currentPassword: 'not it at all', password: 'a brand new password', passwordRepeat: 'a brand new password' } }).catch((e) => e);
		expect(wrong.fieldErrors).toEqual({ currentPassword: ['error.currentPasswordWrong'] });
		await expect(changePassword({ ctx, input: { currentPassword: u.password, password: 'short', passwordRepeat: 'short' } })).rejects.toBeInstanceOf(ValidationError);
		expect(await accountTables(t.db)).toEqual(before);

		await changePassword({ ctx, input: { currentPassword: u.password, password: 'a brand new password', passwordRepeat: 'a brand new password' }, keepSessionToken: keep.token });
		const sessions = await t.db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute();
		expect(sessions).toHaveLength(1);
		const after = await accountTables(t.db);
		expect(after.audit_entry).toBe(before.audit_entry + 1);
		await expect(login({ db: t.db, input: { email: u.email, password: 'a brand new password' }, clientAddress: '192.0.2.42', limits: loginLimits })).resolves.toBeTruthy();
	});

	it('changes the own name; an empty name is refused', async () => {
		const u = await userWithPassword(t.db);
		const ctx = { db: t.db, userId: u.id, isSuperadmin: false };
		const before = await accountTables(t.db);
		await expect(updateProfile({ ctx, input: { name: '   ' } })).rejects.toBeInstanceOf(ValidationError);
		expect(await accountTables(t.db)).toEqual(before);
		await updateProfile({ ctx, input: { name: ' Dr. Neu ' } });
		expect((await findUserById(t.db.kysely, u.id))?.name).toBe('Dr. Neu');
	});
});
