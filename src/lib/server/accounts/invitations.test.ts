import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transporter } from 'nodemailer';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, ValidationError } from '../core/errors';
import { hashToken } from '../core/ids';
import { setMailTransport, type MailMessage } from '../mail/mailer';
import { listGrants, listPendingInvitations } from './accounts.repository';
import { inviteUser } from './invite-user';
import { acceptInvitation, describeInvitation } from './accept-invitation';
import { revokeInvitation } from './revoke-invitation';
import { TokenError } from './one-time-tokens';
import { resolveSession } from './sessions';
import { accountTables, insertActor, insertDistrict, userWithPassword } from './test-helpers';

const origin = 'https://quartier.example';
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe.each(dbKinds())('invitations [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());
	afterEach(() => setMailTransport(undefined));

	it('invites with role, actor and districts; the link is returned when no SMTP is configured; an audit entry is written', async () => {
		const actorId = await insertActor(t.db, a.municipality.id);
		const districtId = await insertDistrict(t.db, a.municipality.id);
		const auditBefore = await countRows(t.db, 'audit_entry');
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'Fachamt@Example.org', role: 'department', actorId, districtIds: [districtId] }, origin });
		expect(inv.delivery).toBe('not-configured');
		expect(inv.email).toBe('fachamt@example.org');
		expect(inv.link).toMatch(/^https:\/\/quartier\.example\/invite\/[A-Za-z0-9_-]{43}$/);
		const row = await t.db.kysely.selectFrom('one_time_token').selectAll().where('id', '=', inv.id).executeTakeFirstOrThrow();
		expect(row.id).toBe(hashToken(tokenOf(inv.link)));
		expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(7 * 86_400_000);
		expect(await countRows(t.db, 'audit_entry')).toBe(auditBefore + 1);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity_id', '=', inv.id).executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'invite', entity: 'invitation', municipality_id: a.municipality.id, user_id: a.user.id });
		expect(audit.changes).not.toContain(tokenOf(inv.link));
		expect((await listPendingInvitations(t.db.kysely, a.municipality.id)).map((p) => p.email)).toContain('fachamt@example.org');

		// Accepting creates the account with the membership, logs in and uses up the link.
		const info = await describeInvitation(t.db, tokenOf(inv.link));
		expect(info).toMatchObject({ email: 'fachamt@example.org', role: 'department', existingAccount: false });
		const r = await acceptInvitation({ db: t.db, token: tokenOf(inv.link), input: { name: 'Frau Fachamt', password: 'a long enough password', passwordRepeat: 'a long enough password' } });
		expect(r.kind).toBe('created');
		if (r.kind !== 'created') throw new Error('unreachable');
		expect((await resolveSession(t.db.kysely, r.session.token))?.user.name).toBe('Frau Fachamt');
		expect(await listGrants(t.db.kysely, a.municipality.id, r.userId)).toEqual([{ role: 'department', actorId, districtIds: [districtId] }]);
		const used = await t.db.kysely.selectFrom('one_time_token').select('used_at').where('id', '=', inv.id).executeTakeFirstOrThrow();
		expect(used.used_at).not.toBeNull();

		// A second use of the same link: 410, nothing written.
		const before = await accountTables(t.db);
		const again = await acceptInvitation({ db: t.db, token: tokenOf(inv.link), input: { name: 'X', password: 'a long enough password', passwordRepeat: 'a long enough password' } }).catch((e) => e);
		expect(again).toBeInstanceOf(TokenError);
		expect(again).toMatchObject({ status: 410, reason: 'used' });
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('sends the link by mail when a transport is configured, and does not show it', async () => {
		const sent: MailMessage[] = [];
		setMailTransport({ sendMail: async (m: MailMessage) => void sent.push(m) } as unknown as Transporter);
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'mailed@example.org', role: 'board' }, origin, locale: 'de' });
		expect(inv.delivery).toBe('mailed');
		expect(sent).toHaveLength(1);
		expect(sent[0].to).toBe('mailed@example.org');
		expect(sent[0].subject).toContain(a.municipality.name);
		expect(sent[0].text).toContain(inv.link);
		expect(sent[0].text).toContain('Gremium');
	});

	it('a failing mail server is reported as failed, the invitation stays', async () => {
		setMailTransport({ sendMail: async () => { throw new Error('smtp down'); } } as unknown as Transporter);
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'bounce@example.org', role: 'board' }, origin });
		expect(inv.delivery).toBe('failed');
		expect(await t.db.kysely.selectFrom('one_time_token').select('id').where('id', '=', inv.id).executeTakeFirst()).toBeTruthy();
	});

	it('an existing account gets the membership without a new password and must log in', async () => {
		const existing = await userWithPassword(t.db, { municipalityId: b.municipality.id, roles: ['planner'] });
		const inv = await inviteUser({ ctx: a.ctx, input: { email: existing.email, role: 'coordinator' }, origin });
		expect((await describeInvitation(t.db, tokenOf(inv.link))).existingAccount).toBe(true);
		const users = await countRows(t.db, 'app_user');
		const sessions = await countRows(t.db, 'session');
		const r = await acceptInvitation({ db: t.db, token: tokenOf(inv.link), input: {} });
		expect(r).toMatchObject({ kind: 'added', userId: existing.id });
		expect(await countRows(t.db, 'app_user')).toBe(users);
		expect(await countRows(t.db, 'session')).toBe(sessions);
		expect((await listGrants(t.db.kysely, a.municipality.id, existing.id)).map((g) => g.role)).toEqual(['coordinator']);
	});

	it('expired and unknown links are refused (410/404) and write nothing', async () => {
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'late@example.org', role: 'partner' }, origin, now: new Date(Date.now() - 8 * 86_400_000) });
		const before = await accountTables(t.db);
		const input = { name: 'Late', password: 'a long enough password', passwordRepeat: 'a long enough password' };
		await expect(acceptInvitation({ db: t.db, token: tokenOf(inv.link), input })).rejects.toMatchObject({ status: 410, reason: 'expired' });
		await expect(acceptInvitation({ db: t.db, token: 'x'.repeat(43), input })).rejects.toMatchObject({ status: 404, reason: 'unknown' });
		await expect(describeInvitation(t.db, 'short')).rejects.toMatchObject({ status: 404 });
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('bad acceptance input (short or mismatched password) writes nothing and keeps the link usable', async () => {
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'typo@example.org', role: 'partner' }, origin });
		const before = await accountTables(t.db);
		const short = await acceptInvitation({ db: t.db, token: tokenOf(inv.link), input: { name: 'T', password: 'short', passwordRepeat: 'short' } }).catch((e) => e);
		expect(short).toBeInstanceOf(ValidationError);
		expect(short.fieldErrors.password).toEqual(['error.passwordShort']);
		const mismatch = await acceptInvitation({ db: t.db, token: tokenOf(inv.link), input: { name: 'T', password: 'a long enough password', passwordRepeat: 'another long password' } }).catch((e) => e);
		expect(mismatch.fieldErrors.passwordRepeat).toEqual(['error.passwordMismatch']);
		expect(await accountTables(t.db)).toEqual(before);
		await expect(describeInvitation(t.db, tokenOf(inv.link))).resolves.toMatchObject({ email: 'typo@example.org' });
	});

	it('refuses inviting someone who already has that role', async () => {
		const member = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['planner'] });
		const before = await accountTables(t.db);
		const e = await inviteUser({ ctx: a.ctx, input: { email: member.email.toUpperCase(), role: 'planner' }, origin }).catch((x) => x);
		expect(e).toBeInstanceOf(ConflictError);
		expect(e).toMatchObject({ messageKey: 'error.alreadyMember', field: 'email' });
		expect(await accountTables(t.db)).toEqual(before);
		// Another role for the same person is fine.
		await expect(inviteUser({ ctx: a.ctx, input: { email: member.email, role: 'board' }, origin })).resolves.toBeTruthy();
	});

	it('a new invitation for the same person and role replaces the open one', async () => {
		const first = await inviteUser({ ctx: a.ctx, input: { email: 'twice@example.org', role: 'partner' }, origin });
		const second = await inviteUser({ ctx: a.ctx, input: { email: 'twice@example.org', role: 'partner' }, origin });
		await expect(describeInvitation(t.db, tokenOf(first.link))).rejects.toMatchObject({ status: 404 });
		await expect(describeInvitation(t.db, tokenOf(second.link))).resolves.toBeTruthy();
	});

	it('rejects bad input, admin narrowing and another municipality’s actor or district, writing nothing', async () => {
		const foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremdviertel');
		const foreignActor = await insertActor(t.db, b.municipality.id, 'Fremdes Amt');
		const ownDistrict = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		const before = await accountTables(t.db);
		const cases: [unknown, string][] = [
			[{ email: 'not-an-email', role: 'planner' }, 'email'],
			[{ email: 'x@example.org', role: 'emperor' }, 'role'],
			[{ email: 'x@example.org', role: 'planner', districtIds: [foreignDistrict] }, 'districtIds'],
			[{ email: 'x@example.org', role: 'planner', districtIds: [ownDistrict, foreignDistrict] }, 'districtIds'],
			[{ email: 'x@example.org', role: 'department', actorId: foreignActor }, 'actorId'],
			[{ email: 'x@example.org', role: 'admin', districtIds: [ownDistrict] }, 'districtIds'],
			[{ email: 'x@example.org', role: 'planner', districtIds: ['not-a-uuid'] }, 'districtIds.0']
		];
		for (const [input, field] of cases) {
			const e = await inviteUser({ ctx: a.ctx, input, origin }).catch((x) => x);
			expect(e, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect(Object.keys(e.fieldErrors), JSON.stringify(input)).toContain(field);
		}
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('only admins invite, and an admin of another municipality cannot invite into this one', async () => {
		const before = await accountTables(t.db);
		const coordinator = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'coordinator', actorId: null, districtIds: null }]);
		await expect(inviteUser({ ctx: coordinator, input: { email: 'x@example.org', role: 'planner' }, origin })).rejects.toBeInstanceOf(ForbiddenError);
		const narrowedAdmin = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'admin', actorId: null, districtIds: ['00000000-0000-4000-8000-000000000000'] }]);
		await expect(inviteUser({ ctx: narrowedAdmin, input: { email: 'x@example.org', role: 'planner' }, origin })).rejects.toBeInstanceOf(ForbiddenError);
		// B's admin acting in A holds no grants there (that is how the hook builds the principal).
		const foreignAdminInA = asGrants({ db: t.db, municipalityId: a.municipality.id, userId: b.user.id }, []);
		await expect(inviteUser({ ctx: foreignAdminInA, input: { email: 'x@example.org', role: 'admin' }, origin })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await accountTables(t.db)).toEqual(before);
	});

	it('an admin withdraws an open invitation; another municipality cannot', async () => {
		const inv = await inviteUser({ ctx: a.ctx, input: { email: 'withdraw@example.org', role: 'partner' }, origin });
		const before = await accountTables(t.db);
		await expect(revokeInvitation({ ctx: b.ctx, input: { invitationId: inv.id } })).rejects.toMatchObject({ status: 404 });
		expect(await accountTables(t.db)).toEqual(before);
		await revokeInvitation({ ctx: a.ctx, input: { invitationId: inv.id } });
		await expect(describeInvitation(t.db, tokenOf(inv.link))).rejects.toMatchObject({ status: 404 });
		expect(await countRows(t.db, 'audit_entry')).toBe(before.audit_entry + 1);
	});
});
