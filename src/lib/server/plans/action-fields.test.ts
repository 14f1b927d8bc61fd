import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/errors';
import { listActionFields } from './action-fields.repository';
import { createActionField } from './create-action-field';
import { updateActionField } from './update-action-field';
import { moveActionField } from './move-action-field';
import { setActionFieldActive } from './set-action-field-active';
import { auditCount } from './test-helpers';

describe.each(dbKinds())('fields of action [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());

	it('starts with the handbook’s twelve fields in order', async () => {
		const fields = await listActionFields(t.db.kysely, a.municipality.id);
		expect(fields).toHaveLength(12);
		expect(fields[0]).toMatchObject({ key: 'housing', name: 'Wohnen und Stadtentwicklung', active: true });
		expect(fields.at(-1)?.key).toBe('sport');
	});

	it('adds, renames, reorders, deactivates and reactivates, each with one audit entry', async () => {
		const { id } = await createActionField({ ctx: a.ctx, input: { name: 'Digitale Teilhabe', description: 'Zugang zu digitalen Angeboten' } });
		let fields = await listActionFields(t.db.kysely, a.municipality.id);
		expect(fields.at(-1)).toMatchObject({ id, name: 'Digitale Teilhabe', active: true });
		expect(await auditCount(t.db, id)).toBe(1);

		await updateActionField({ ctx: a.ctx, fieldId: id, input: { name: 'Digitalisierung', description: '' } });
		await moveActionField({ ctx: a.ctx, fieldId: id, input: { direction: 'up' } });
		fields = await listActionFields(t.db.kysely, a.municipality.id);
		expect(fields.map((f) => f.name).slice(-2)).toEqual(['Digitalisierung', 'Sport']);
		await moveActionField({ ctx: a.ctx, fieldId: fields[0].id, input: { direction: 'up' } }); // already first: stays
		expect((await listActionFields(t.db.kysely, a.municipality.id))[0].id).toBe(fields[0].id);

		await setActionFieldActive({ ctx: a.ctx, fieldId: id, input: { active: 'false' } });
		expect((await listActionFields(t.db.kysely, a.municipality.id, { activeOnly: true })).map((f) => f.id)).not.toContain(id);
		await setActionFieldActive({ ctx: a.ctx, fieldId: id, input: { active: true } });
		expect((await listActionFields(t.db.kysely, a.municipality.id, { activeOnly: true })).map((f) => f.id)).toContain(id);
		expect(await auditCount(t.db, id)).toBe(5);
	});

	it('refuses bad input, duplicates, other roles and other municipalities, writing nothing', async () => {
		const fields = await listActionFields(t.db.kysely, a.municipality.id);
		const before = [await countRows(t.db, 'action_field'), await countRows(t.db, 'audit_entry')];
		await expect(createActionField({ ctx: a.ctx, input: { name: '' } })).rejects.toMatchObject({ fieldErrors: { name: ['error.required'] } });
		await expect(createActionField({ ctx: a.ctx, input: { name: 'x'.repeat(201) } })).rejects.toMatchObject({ fieldErrors: { name: ['error.tooLong'] } });
		await expect(createActionField({ ctx: a.ctx, input: { name: 'sport' } })).rejects.toBeInstanceOf(ConflictError);
		await expect(updateActionField({ ctx: a.ctx, fieldId: fields[0].id, input: { name: 'Gesundheit' } })).rejects.toBeInstanceOf(ConflictError);
		await expect(moveActionField({ ctx: a.ctx, fieldId: fields[0].id, input: { direction: 'sideways' } })).rejects.toMatchObject({ fieldErrors: { direction: ['error.invalidChoice'] } });
		const planner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: null }]);
		const narrowedCoordinator = asGrants(a.ctx, [{ role: 'coordinator', actorId: null, districtIds: ['x'] }]);
		await expect(createActionField({ ctx: planner, input: { name: 'Neu' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(setActionFieldActive({ ctx: narrowedCoordinator, fieldId: fields[0].id, input: { active: false } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateActionField({ ctx: b.ctx, fieldId: fields[0].id, input: { name: 'Gekapert' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(moveActionField({ ctx: b.ctx, fieldId: fields[0].id, input: { direction: 'down' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(setActionFieldActive({ ctx: b.ctx, fieldId: fields[0].id, input: { active: false } })).rejects.toBeInstanceOf(NotFoundError);
		expect([await countRows(t.db, 'action_field'), await countRows(t.db, 'audit_entry')]).toEqual(before);
		expect(await listActionFields(t.db.kysely, a.municipality.id)).toEqual(fields);
	});
});
