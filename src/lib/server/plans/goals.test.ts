import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/errors';
import { createActionPlan } from './create-action-plan';
import { createGoal } from './create-goal';
import { updateGoal } from './update-goal';
import { deleteGoal } from './delete-goal';
import { createMeasure } from './create-measure';
import { setActionFieldActive } from './set-action-field-active';
import { findGoal, listGoals } from './goals.repository';
import { auditCount, fieldIds, insertConceptGoal, insertDistrict } from './test-helpers';

describe.each(dbKinds())('goals [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let plan: string;
	let otherPlan: string;
	let fields: Record<string, string>;
	let foreignFields: Record<string, string>;
	let conceptGoal: string;
	let foreignConceptGoal: string;
	const counts = async () => [await countRows(t.db, 'goal'), await countRows(t.db, 'goal_concept_goal'), await countRows(t.db, 'audit_entry')];

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Plan Nord' } })).id;
		otherPlan = (await createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: 'Plan Süd' } })).id;
		fields = await fieldIds(t.db, a.municipality.id);
		foreignFields = await fieldIds(t.db, b.municipality.id);
		conceptGoal = await insertConceptGoal(t.db, a.municipality.id, 'Bildungserfolg unabhängig von Herkunft');
		foreignConceptGoal = await insertConceptGoal(t.db, b.municipality.id);
	});
	afterAll(async () => t.cleanup());

	const goal = (over: Record<string, unknown> = {}) => ({
		planId: plan,
		actionFieldId: fields.education,
		title: 'Übergänge Kita–Schule verbessern',
		description: 'Mehr Kinder mit ausreichenden Deutschkenntnissen bei der Einschulung',
		priority: '1',
		timeHorizon: '2027-12-31',
		operationalisation: 'Anteil laut Schuleingangsuntersuchung',
		conceptGoalIds: [conceptGoal],
		...over
	});

	it('creates a goal with concept-goal links and one audit entry', async () => {
		const { id } = await createGoal({ ctx: a.ctx, input: goal() });
		expect(await findGoal(t.db.kysely, a.municipality.id, id)).toMatchObject({
			planId: plan,
			actionFieldName: 'Bildung und Übergang Schule–Beruf',
			priority: 1,
			timeHorizon: '2027-12-31',
			conceptGoals: [{ id: conceptGoal, code: 'Z1', title: 'Bildungserfolg unabhängig von Herkunft' }]
		});
		expect(await auditCount(t.db, id)).toBe(1);
		const child = await createGoal({ ctx: a.ctx, input: goal({ parentGoalId: id, title: 'Sprachförderung in Kitas', priority: 2, conceptGoalIds: '' }) });
		expect((await listGoals(t.db.kysely, a.municipality.id, plan)).map((g) => [g.title, g.parentGoalId])).toEqual([
			['Übergänge Kita–Schule verbessern', null],
			['Sprachförderung in Kitas', id]
		]);
		expect(await auditCount(t.db, child.id)).toBe(1);
	});

	it('refuses bad input and foreign references, writing nothing', async () => {
		const [g] = await listGoals(t.db.kysely, a.municipality.id, plan);
		const otherPlanGoal = await createGoal({ ctx: a.ctx, input: goal({ planId: otherPlan, conceptGoalIds: [] }) });
		const before = await counts();
		const bad: [Record<string, unknown>, Record<string, string[]>][] = [
			[{ title: '' }, { title: ['error.required'] }],
			[{ title: 'x'.repeat(301) }, { title: ['error.tooLong'] }],
			[{ priority: '5' }, { priority: ['error.invalidChoice'] }],
			[{ priority: '' }, { priority: ['error.required'] }],
			[{ timeHorizon: '31.12.2027' }, { timeHorizon: ['error.date'] }],
			[{ actionFieldId: '' }, { actionFieldId: ['error.unknownReference'] }],
			[{ actionFieldId: foreignFields.education }, { actionFieldId: ['error.unknownReference'] }],
			[{ parentGoalId: otherPlanGoal.id }, { parentGoalId: ['error.otherPlan'] }],
			[{ parentGoalId: '4f1c2a7e-1111-4222-8333-444455556666' }, { parentGoalId: ['error.unknownReference'] }],
			[{ conceptGoalIds: [foreignConceptGoal] }, { conceptGoalIds: ['error.unknownReference'] }],
			[{ conceptGoalIds: ['kein-uuid'] }, { conceptGoalIds: ['error.unknownReference'] }]
		];
		for (const [over, errors] of bad) {
			await expect(createGoal({ ctx: a.ctx, input: goal(over) }), JSON.stringify(over)).rejects.toMatchObject({ fieldErrors: errors });
		}
		await expect(createGoal({ ctx: b.ctx, input: goal({ actionFieldId: foreignFields.education, conceptGoalIds: [] }) })).rejects.toBeInstanceOf(NotFoundError);
		await expect(updateGoal({ ctx: b.ctx, goalId: g.id, input: goal({ actionFieldId: foreignFields.education, conceptGoalIds: [] }) })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteGoal({ ctx: b.ctx, goalId: g.id })).rejects.toBeInstanceOf(NotFoundError);
		expect(await counts()).toEqual(before);
		await deleteGoal({ ctx: a.ctx, goalId: otherPlanGoal.id });
	});

	it('refuses cycles in the goal hierarchy', async () => {
		const [parent, child] = await listGoals(t.db.kysely, a.municipality.id, plan);
		const grandchild = await createGoal({ ctx: a.ctx, input: goal({ parentGoalId: child.id, title: 'Elternarbeit', conceptGoalIds: [] }) });
		const before = await counts();
		await expect(updateGoal({ ctx: a.ctx, goalId: parent.id, input: goal({ parentGoalId: grandchild.id }) })).rejects.toMatchObject({ fieldErrors: { parentGoalId: ['error.cycle'] } });
		await expect(updateGoal({ ctx: a.ctx, goalId: parent.id, input: goal({ parentGoalId: parent.id }) })).rejects.toMatchObject({ fieldErrors: { parentGoalId: ['error.ownParent'] } });
		expect(await counts()).toEqual(before);
		expect((await findGoal(t.db.kysely, a.municipality.id, parent.id))?.parentGoalId).toBeNull();
	});

	it('updates a goal with one audit entry, keeping an inactive field that is already assigned', async () => {
		const g = (await listGoals(t.db.kysely, a.municipality.id, plan)).find((x) => x.parentGoalId === null)!;
		await setActionFieldActive({ ctx: a.ctx, fieldId: fields.education, input: { active: false } });
		await updateGoal({ ctx: a.ctx, goalId: g.id, input: goal({ title: 'Bildungsübergänge stärken', priority: 2, conceptGoalIds: [] }) });
		expect(await findGoal(t.db.kysely, a.municipality.id, g.id)).toMatchObject({ title: 'Bildungsübergänge stärken', priority: 2, conceptGoals: [] });
		expect(await auditCount(t.db, g.id)).toBe(2);
		await expect(createGoal({ ctx: a.ctx, input: goal() })).rejects.toMatchObject({ fieldErrors: { actionFieldId: ['error.inactiveField'] } });
		await setActionFieldActive({ ctx: a.ctx, fieldId: fields.education, input: { active: true } });
		// PATCH semantics for the API: absent fields keep their values
		await updateGoal({ ctx: a.ctx, goalId: g.id, input: { priority: 3 }, partial: true });
		expect(await findGoal(t.db.kysely, a.municipality.id, g.id)).toMatchObject({ title: 'Bildungsübergänge stärken', priority: 3, timeHorizon: '2027-12-31' });
		await expect(updateGoal({ ctx: a.ctx, goalId: g.id, input: { title: '' }, partial: true })).rejects.toMatchObject({ fieldErrors: { title: ['error.required'] } });
		expect(await auditCount(t.db, g.id)).toBe(3);
	});

	it('deletes only goals without sub-goals and measures', async () => {
		const goals = await listGoals(t.db.kysely, a.municipality.id, plan);
		const top = goals.find((g) => g.parentGoalId === null)!;
		await expect(deleteGoal({ ctx: a.ctx, goalId: top.id })).rejects.toMatchObject({ messageKey: 'error.inUse' });
		const leaf = goals.find((g) => g.title === 'Elternarbeit')!;
		await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Elterncafé', goalIds: [leaf.id] } });
		const before = await counts();
		await expect(deleteGoal({ ctx: a.ctx, goalId: leaf.id })).rejects.toBeInstanceOf(ConflictError);
		expect(await counts()).toEqual(before);
		const free = await createGoal({ ctx: a.ctx, input: goal({ title: 'Ohne Maßnahmen' }) });
		await deleteGoal({ ctx: a.ctx, goalId: free.id });
		expect(await findGoal(t.db.kysely, a.municipality.id, free.id)).toBeUndefined();
		expect(await auditCount(t.db, free.id)).toBe(2);
	});

	it('allows only plan owners of the plan’s district', async () => {
		const [g] = await listGoals(t.db.kysely, a.municipality.id, plan);
		const southPlanner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		const northPlanner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [nord] }]);
		const board = asGrants(a.ctx, [{ role: 'board', actorId: null, districtIds: null }]);
		const before = await counts();
		await expect(createGoal({ ctx: southPlanner, input: goal() })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateGoal({ ctx: southPlanner, goalId: g.id, input: goal() })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteGoal({ ctx: southPlanner, goalId: g.id })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createGoal({ ctx: board, input: goal() })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual(before);
		await createGoal({ ctx: northPlanner, input: goal({ title: 'Vom Planer', conceptGoalIds: [] }) });
	});
});
