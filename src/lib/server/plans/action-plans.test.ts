import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createActionPlan } from './create-action-plan';
import { updateActionPlan } from './update-action-plan';
import { findPlan, findPlanByDistrict, listDistrictsWithPlans, listPlans } from './plans.repository';
import { auditCount, insertDistrict } from './test-helpers';

describe.each(dbKinds())('action plans [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let foreignDistrict: string;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremdstadt');
	});
	afterAll(async () => t.cleanup());

	it('creates a plan for a district with one audit entry, and refuses a second one', async () => {
		const { id } = await createActionPlan({
			ctx: a.ctx,
			input: { districtId: nord, title: 'Lokaler Aktionsplan Nordstadt', introduction: 'Entstehung …', reportingRules: 'jährlich', evaluationRules: 'Steuerungsgruppe', revisionRules: 'alle zwei Jahre' }
		});
		const plan = await findPlan(t.db.kysely, a.municipality.id, id);
		expect(plan).toMatchObject({ districtId: nord, districtName: 'Nordstadt', title: 'Lokaler Aktionsplan Nordstadt', revisionRules: 'alle zwei Jahre' });
		expect(await auditCount(t.db, id)).toBe(1);
		expect((await findPlanByDistrict(t.db.kysely, a.municipality.id, nord))?.id).toBe(id);
		await expect(createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Zweiter' } })).rejects.toBeInstanceOf(ConflictError);
		const districts = await listDistrictsWithPlans(t.db.kysely, a.municipality.id);
		expect(districts.map((d) => [d.name, d.planId])).toEqual([
			['Nordstadt', id],
			['Südstadt', null]
		]);
		expect((await listPlans(t.db.kysely, a.municipality.id)).map((p) => p.districtName)).toEqual(['Nordstadt']);
	});

	it('writes nothing on bad input or another municipality’s district', async () => {
		const before = [await countRows(t.db, 'action_plan'), await countRows(t.db, 'audit_entry')];
		await expect(createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: '' } })).rejects.toMatchObject({ fieldErrors: { title: ['error.required'] } });
		await expect(createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: 'x'.repeat(201) } })).rejects.toMatchObject({ fieldErrors: { title: ['error.tooLong'] } });
		await expect(createActionPlan({ ctx: a.ctx, input: { districtId: foreignDistrict, title: 'Fremd' } })).rejects.toMatchObject({ fieldErrors: { districtId: ['error.unknownReference'] } });
		await expect(createActionPlan({ ctx: a.ctx, input: { districtId: 'nope', title: 'X' } })).rejects.toBeInstanceOf(ValidationError);
		expect([await countRows(t.db, 'action_plan'), await countRows(t.db, 'audit_entry')]).toEqual(before);
	});

	it('lets a narrowed planner create and edit only plans of their district', async () => {
		const planner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		const other = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [nord] }]);
		const dept = asGrants(a.ctx, [{ role: 'department', actorId: null, districtIds: null }]);
		await expect(createActionPlan({ ctx: other, input: { districtId: sued, title: 'Süd' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createActionPlan({ ctx: dept, input: { districtId: sued, title: 'Süd' } })).rejects.toBeInstanceOf(ForbiddenError);
		const { id } = await createActionPlan({ ctx: planner, input: { districtId: sued, title: 'Süd' } });
		await expect(updateActionPlan({ ctx: other, planId: id, input: { title: 'Übernommen' } })).rejects.toBeInstanceOf(ForbiddenError);
		await updateActionPlan({ ctx: planner, planId: id, input: { title: 'Aktionsplan Südstadt', introduction: 'Neu' } });
		expect(await findPlan(t.db.kysely, a.municipality.id, id)).toMatchObject({ title: 'Aktionsplan Südstadt', intro: { origin: 'Neu', function: '', scope: '' } });
		expect(await auditCount(t.db, id)).toBe(2);
	});

	it('does not find or change another municipality’s plan', async () => {
		const plan = (await listPlans(t.db.kysely, a.municipality.id))[0];
		const audits = await countRows(t.db, 'audit_entry');
		expect(await findPlan(t.db.kysely, b.municipality.id, plan.id)).toBeUndefined();
		await expect(updateActionPlan({ ctx: b.ctx, planId: plan.id, input: { title: 'Gekapert' } })).rejects.toBeInstanceOf(NotFoundError);
		expect((await findPlan(t.db.kysely, a.municipality.id, plan.id))?.title).toBe(plan.title);
		expect(await countRows(t.db, 'audit_entry')).toBe(audits);
	});
});
