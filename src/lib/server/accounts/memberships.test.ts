import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { findMember, listGrants, listMembers } from './accounts.repository';
import { updateMembership } from './update-membership';
import { revokeMembership } from './revoke-membership';
import { addMembership } from './add-membership';
import { removeMember } from './remove-member';
import { createApiToken } from './create-api-token';
import { resolveApiToken } from './api-tokens';
import { accountTables, insertActor, insertDistrict, userWithPassword } from './test-helpers';

describe.each(dbKinds())('memberships [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());

	const membershipOf = async (municipalityId: string, userId: string, role: string) =>
		(await findMember(t.db.kysely, municipalityId, userId))!.roles.find((r) => r.role === role)!.membershipId;

	it('lists members with roles, actors and districts', async () => {
		const actorId = await insertActor(t.db, a.municipality.id);
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['department'] });
		const districtId = await insertDistrict(t.db, a.municipality.id, 'Altstadt');
		await updateMembership({ ctx: a.ctx, input: { membershipId: await membershipOf(a.municipality.id, u.id, 'department'), role: 'department', actorId, districtIds: [districtId] } });
		const members = await listMembers(t.db.kysely, a.municipality.id);
		const m = members.find((x) => x.userId === u.id)!;
		expect(m.roles).toEqual([expect.objectContaining({ role: 'department', actorId, districts: [{ id: districtId, name: 'Altstadt' }] })]);
		expect(members.find((x) => x.userId === b.user.id)).toBeUndefined();
	});

	it('updates role, actor and districts with an audit entry; narrowing changes are replaced, not added', async () => {
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['planner'] });
		const d1 = await insertDistrict(t.db, a.municipality.id, 'Ost');
		const d2 = await insertDistrict(t.db, a.municipality.id, 'West');
		const id = await membershipOf(a.municipality.id, u.id, 'planner');
		const before = await accountTables(t.db);
		await updateMembership({ ctx: a.ctx, input: { membershipId: id, role: 'coordinator', actorId: '', districtIds: [d1, d2] } });
		await updateMembership({ ctx: a.ctx, input: { membershipId: id, role: 'coordinator', actorId: '', districtIds: [d2] } });
		expect(await listGrants(t.db.kysely, a.municipality.id, u.id)).toEqual([{ role: 'coordinator', actorId: null, districtIds: [d2] }]);
		const after = await accountTables(t.db);
		expect(after.audit_entry).toBe(before.audit_entry + 2);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity_id', '=', id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(audit.changes)).toMatchObject({ before: { role: 'coordinator' }, after: { role: 'coordinator', districtIds: [d2] } });
	});

	it('refuses invalid changes and foreign references, writing nothing', async () => {
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['planner', 'board'] });
		const id = await membershipOf(a.municipality.id, u.id, 'planner');
		const foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremd');
		const foreignActor = await insertActor(t.db, b.municipality.id, 'Fremd');
		const before = await accountTables(t.db);
		const bad: [unknown, typeof ValidationError | typeof ConflictError | typeof NotFoundError][] = [
			[{ membershipId: id, role: 'planner', districtIds: [foreignDistrict] }, ValidationError],
			[{ membershipId: id, role: 'planner', actorId: foreignActor }, ValidationError],
			[{ membershipId: id, role: 'admin', actorId: await insertActor(t.db, a.municipality.id, 'Eigen') }, ValidationError],
			[{ membershipId: id, role: 'nobody' }, ValidationError],
			[{ membershipId: id, role: 'board' }, ConflictError],
			[{ membershipId: await membershipOf(b.municipality.id, b.user.id, 'admin'), role: 'planner' }, NotFoundError]
		];
		const afterActor = await accountTables(t.db);
		for (const [input, type] of bad) await expect(updateMembership({ ctx: a.ctx, input }), JSON.stringify(input)).rejects.toBeInstanceOf(type);
		expect(await accountTables(t.db)).toEqual(afterActor);
		expect(afterActor.membership).toBe(before.membership);
	});

	it('never removes the last admin: not by revoking, changing the role or removing the member', async () => {
		const c = await createTenant(t.db);
		const adminId = await membershipOf(c.municipality.id, c.user.id, 'admin');
		const before = await accountTables(t.db);
		for (const run of [
			() => revokeMembership({ ctx: c.ctx, input: { membershipId: adminId } }),
			() => updateMembership({ ctx: c.ctx, input: { membershipId: adminId, role: 'planner' } }),
			() => removeMember({ ctx: c.ctx, input: { userId: c.user.id } })
		]) {
			const e = await run().catch((x) => x);
			expect(e).toBeInstanceOf(ConflictError);
			expect(e.messageKey).toBe('error.lastAdmin');
		}
		expect(await accountTables(t.db)).toEqual(before);

		// With a second (enabled) admin the first one can step down.
		const second = await userWithPassword(t.db, { municipalityId: c.municipality.id, roles: ['admin'] });
		await revokeMembership({ ctx: c.ctx, input: { membershipId: adminId } });
		expect((await listGrants(t.db.kysely, c.municipality.id, c.user.id)).map((g) => g.role)).toEqual(['coordinator']);
		// A disabled admin does not count.
		await t.db.kysely.updateTable('app_user').set({ disabled: 1 }).where('id', '=', c.user.id).execute();
		const secondCtx = { ...c.ctx, principal: { ...c.principal, userId: second.id } };
		await expect(removeMember({ ctx: secondCtx, input: { userId: second.id } })).rejects.toMatchObject({ messageKey: 'error.lastAdmin' });
	});

	it('adds a further role to a member; not to strangers, not twice', async () => {
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['partner'] });
		const stranger = await userWithPassword(t.db, { municipalityId: b.municipality.id, roles: ['planner'] });
		const districtId = await insertDistrict(t.db, a.municipality.id, 'Mitte');
		await addMembership({ ctx: a.ctx, input: { userId: u.id, role: 'board', districtIds: [districtId] } });
		expect((await listGrants(t.db.kysely, a.municipality.id, u.id)).map((g) => g.role).sort()).toEqual(['board', 'partner']);
		const before = await accountTables(t.db);
		await expect(addMembership({ ctx: a.ctx, input: { userId: u.id, role: 'board' } })).rejects.toBeInstanceOf(ConflictError);
		await expect(addMembership({ ctx: a.ctx, input: { userId: stranger.id, role: 'board' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(addMembership({ ctx: a.ctx, input: { userId: u.id, role: 'planner', districtIds: [await insertDistrict(t.db, b.municipality.id, 'X')] } })).rejects.toBeInstanceOf(ValidationError);
		const mid = await accountTables(t.db);
		expect(mid.membership).toBe(before.membership);
		expect(mid.audit_entry).toBe(before.audit_entry);
	});

	it('removing a member takes all their roles here (only here) and revokes their tokens here', async () => {
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['admin', 'planner'] });
		const { insertMembership } = await import('./grant-role');
		await insertMembership(t.db.kysely, { municipalityId: b.municipality.id, userId: u.id, role: 'board' });
		const token = await createApiToken({ ctx: { ...a.ctx, principal: { ...a.principal, userId: u.id } }, input: { name: 'Skript' } });
		await removeMember({ ctx: a.ctx, input: { userId: u.id } });
		expect(await listGrants(t.db.kysely, a.municipality.id, u.id)).toEqual([]);
		expect((await listGrants(t.db.kysely, b.municipality.id, u.id)).map((g) => g.role)).toEqual(['board']);
		expect(await resolveApiToken(t.db.kysely, token.token)).toBeNull();
		await expect(removeMember({ ctx: a.ctx, input: { userId: u.id } })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('only admins manage memberships; another municipality’s ids are not found', async () => {
		const u = await userWithPassword(t.db, { municipalityId: a.municipality.id, roles: ['planner'] });
		const id = await membershipOf(a.municipality.id, u.id, 'planner');
		const coordinator = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'coordinator', actorId: null, districtIds: null }]);
		const before = await accountTables(t.db);
		await expect(updateMembership({ ctx: coordinator, input: { membershipId: id, role: 'board' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(revokeMembership({ ctx: coordinator, input: { membershipId: id } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(addMembership({ ctx: coordinator, input: { userId: u.id, role: 'board' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(removeMember({ ctx: coordinator, input: { userId: u.id } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(revokeMembership({ ctx: b.ctx, input: { membershipId: id } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(removeMember({ ctx: b.ctx, input: { userId: u.id } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(updateMembership({ ctx: b.ctx, input: { membershipId: id, role: 'board' } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await accountTables(t.db)).toEqual(before);
	});
});
