import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createActionPlan } from './create-action-plan';
import { createGoal } from './create-goal';
import { createMeasure } from './create-measure';
import { updateMeasure } from './update-measure';
import { updateMeasureProgress } from './update-measure-progress';
import { updateActionPlan } from './update-action-plan';
import { updatePlanRules } from './update-plan-rules';
import { submitPlanVersion } from './submit-plan-version';
import { resolvePlanVersion } from './resolve-plan-version';
import { withdrawPlanVersion } from './withdraw-plan-version';
import { comparePlanVersions } from './compare-plan-versions';
import { findPlanVersion, listPlanVersions, planVersionStatus } from './plan-versions.repository';
import { findPlan } from './plans.repository';
import { findMeasure } from './measures.repository';
import { todayInGermany } from './plan-version-input';
import { auditCount, fieldIds, insertActor, insertDistrict } from './test-helpers';

describe.each(dbKinds())('plan versions and rules [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let plan: string;
	let emptyPlan: string;
	let foreignPlan: string;
	let goal: string;
	let measure: string;
	let jugendamt: string;
	let verein: string;
	let fields: Record<string, string>;
	const resolution = { body: 'Rat der Stadt', date: '2026-03-12', referenceNumber: 'DS 0123/2026', link: 'https://ratsinfo.example.org/vo/0123', notes: 'einstimmig' };

	const rows = async (table: 'plan_version' | 'audit_entry' | 'action_plan') =>
		Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => [await rows('plan_version'), await rows('audit_entry')];
	const rawVersion = (id: string) => t.db.kysely.selectFrom('plan_version').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		fields = await fieldIds(t.db, a.municipality.id);
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Aktionsplan Nordstadt', introduction: 'Entstanden 2025' } })).id;
		emptyPlan = (await createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: 'Aktionsplan Südstadt' } })).id;
		foreignPlan = (await createActionPlan({ ctx: b.ctx, input: { districtId: await insertDistrict(t.db, b.municipality.id), title: 'Fremd' } })).id;
		jugendamt = await insertActor(t.db, a.municipality.id, 'Jugendamt');
		verein = await insertActor(t.db, a.municipality.id, 'Nachbarschaftsverein', 'civil-society');
		goal = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildungsübergänge verbessern', priority: 1, timeHorizon: '2028-12-31' } })).id;
		measure = (
			await createMeasure({
				ctx: a.ctx,
				input: {
					planId: plan,
					actionFieldId: fields.education,
					title: 'Lernpatenschaften',
					goalIds: [goal],
					leadActorId: jugendamt,
					partnerActorIds: [verein],
					startDate: '2026-01-01',
					endDate: '2027-12-31',
					cost: '12.500,00',
					milestones: [{ title: 'Paten gewonnen', dueDate: '2026-06-30', done: false }]
				}
			})
		).id;
	});
	afterAll(async () => t.cleanup());

	it('stores the plan rules with one audit entry; refuses bad rules, other districts and municipalities', async () => {
		const auditsBefore = await auditCount(t.db, plan);
		await updatePlanRules({
			ctx: a.ctx,
			planId: plan,
			input: {
				reportingBy: 'Federführende Stellen',
				reportingTo: 'Steuerungsgruppe',
				reportingInterval: '6',
				reportingNextDate: '2026-06-30',
				reportingNotes: 'Kurzbericht je Maßnahme',
				evaluationBy: 'Steuerungsgruppe',
				evaluationInterval: '12',
				revisionBy: 'Koordinierungsstelle Integration',
				revisionInterval: 36,
				revisionNextDate: '2029-03-31'
			}
		});
		const p = await findPlan(t.db.kysely, a.municipality.id, plan);
		expect(p?.rules.reporting).toEqual({ by: 'Federführende Stellen', to: 'Steuerungsgruppe', intervalMonths: 6, nextDate: '2026-06-30', notes: 'Kurzbericht je Maßnahme' });
		expect(p?.rules.revision).toMatchObject({ by: 'Koordinierungsstelle Integration', intervalMonths: 36, nextDate: '2029-03-31' });
		expect(p?.reportingRules).toBe('Kurzbericht je Maßnahme');
		expect(await auditCount(t.db, plan)).toBe(auditsBefore + 1);

		// Saving the plan text does not touch the rules any more.
		await updateActionPlan({ ctx: a.ctx, planId: plan, input: { title: 'Aktionsplan Nordstadt', introduction: 'Entstanden 2025' } });
		expect((await findPlan(t.db.kysely, a.municipality.id, plan))?.rules.reporting.notes).toBe('Kurzbericht je Maßnahme');

		const before = [await rows('audit_entry'), JSON.stringify(await findPlan(t.db.kysely, a.municipality.id, plan))];
		const bad = updatePlanRules({ ctx: a.ctx, planId: plan, input: { reportingInterval: '5', evaluationInterval: '12', revisionNextDate: '3026-01-01', reportingTo: 'Rat', revisionBy: 'x'.repeat(201) } });
		await expect(bad).rejects.toBeInstanceOf(ValidationError);
		await expect(bad).rejects.toMatchObject({
			fieldErrors: { reportingInterval: ['error.invalidChoice'], revisionBy: ['error.tooLong'] }
		});
		await expect(updatePlanRules({ ctx: a.ctx, planId: plan, input: { evaluationInterval: '12', revisionNextDate: '3026-01-01', reportingTo: 'Rat' } })).rejects.toMatchObject({
			fieldErrors: { evaluationBy: ['error.ruleNeedsResponsible'], revisionNextDate: ['error.dateOutOfRange'], reportingBy: ['error.ruleNeedsResponsible'] }
		});
		const southPlanner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		await expect(updatePlanRules({ ctx: southPlanner, planId: plan, input: {} })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updatePlanRules({ ctx: b.ctx, planId: plan, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		expect([await rows('audit_entry'), JSON.stringify(await findPlan(t.db.kysely, a.municipality.id, plan))]).toEqual(before);
	});

	it('submits the draft as version 1 with a complete snapshot and one audit entry; refuses a plan without goals and a second pending version', async () => {
		const before = await counts();
		await expect(submitPlanVersion({ ctx: a.ctx, planId: emptyPlan, input: {} })).rejects.toMatchObject({ fieldErrors: { _form: ['error.versionWithoutGoals'] } });
		await expect(submitPlanVersion({ ctx: b.ctx, planId: plan, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		await expect(submitPlanVersion({ ctx: a.ctx, planId: foreignPlan, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		const dept = asGrants(a.ctx, [{ role: 'department', actorId: jugendamt, districtIds: null }]);
		await expect(submitPlanVersion({ ctx: dept, planId: plan, input: {} })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: 'x'.repeat(2001) } })).rejects.toMatchObject({ fieldErrors: { note: ['error.tooLong'] } });
		expect(await counts()).toEqual(before);

		const v1 = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: 'Vorlage für den Rat' } });
		expect(v1.number).toBe(1);
		expect(await auditCount(t.db, v1.id)).toBe(1);
		const v = (await findPlanVersion(t.db.kysely, a.municipality.id, v1.id))!;
		expect(v).toMatchObject({ state: 'submitted', number: 1, goalCount: 1, measureCount: 1, totalCostCents: 1_250_000, note: 'Vorlage für den Rat', resolution: null });
		expect(v.snapshot.plan).toMatchObject({ title: 'Aktionsplan Nordstadt', districtName: 'Nordstadt', rules: { revision: { intervalMonths: 36 } } });
		expect(v.snapshot.measures[0]).toMatchObject({ title: 'Lernpatenschaften', leadActorId: jugendamt, partnerActorIds: [verein], costCents: 1_250_000, milestones: [{ title: 'Paten gewonnen', dueDate: '2026-06-30', done: false }] });
		expect(v.snapshot.actors.map((x) => x.name).sort()).toEqual(['Jugendamt', 'Nachbarschaftsverein']);
		expect(v.snapshot.actionFields.map((f) => f.key)).toEqual(['education']);
		expect(await findPlanVersion(t.db.kysely, b.municipality.id, v1.id)).toBeUndefined();

		const mid = await counts();
		await expect(submitPlanVersion({ ctx: a.ctx, planId: plan, input: {} })).rejects.toMatchObject({ messageKey: 'error.versionAlreadySubmitted' });
		expect(await counts()).toEqual(mid);
	});

	it('withdraws a submitted version (planner of the district); the number is not reused', async () => {
		const [v1] = await listPlanVersions(t.db.kysely, a.municipality.id, plan);
		await expect(withdrawPlanVersion({ ctx: b.ctx, planId: plan, versionId: v1.id, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		await expect(withdrawPlanVersion({ ctx: a.ctx, planId: emptyPlan, versionId: v1.id, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		const planner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [nord] }]);
		await withdrawPlanVersion({ ctx: planner, planId: plan, versionId: v1.id, input: { reason: 'Von der Tagesordnung genommen' } });
		expect(await findPlanVersion(t.db.kysely, a.municipality.id, v1.id)).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Von der Tagesordnung genommen' });
		await expect(withdrawPlanVersion({ ctx: a.ctx, planId: plan, versionId: v1.id, input: {} })).rejects.toMatchObject({ messageKey: 'error.versionWithdrawn' });
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: v1.id, input: resolution })).rejects.toMatchObject({ messageKey: 'error.versionWithdrawn' });
		const v2 = await submitPlanVersion({ ctx: planner, planId: plan, input: {} });
		expect(v2.number).toBe(2);
	});

	it('refuses incomplete, future or malformed resolutions and resolutions by planners, writing nothing', async () => {
		const { submitted } = await planVersionStatus(t.db.kysely, a.municipality.id, plan);
		const id = submitted!.id;
		const before = [...(await counts()), JSON.stringify(await rawVersion(id))];
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: {} })).rejects.toMatchObject({
			fieldErrors: { body: ['error.required'], date: ['error.required'], referenceNumber: ['error.required'] }
		});
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, body: '  ', referenceNumber: '' } })).rejects.toMatchObject({
			fieldErrors: { body: ['error.required'], referenceNumber: ['error.required'] }
		});
		// Every problem at once: missing fields and a future date together.
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { date: '2999-01-01' } })).rejects.toMatchObject({
			fieldErrors: { body: ['error.required'], date: ['error.dateInFuture'], referenceNumber: ['error.required'] }
		});
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, date: '2026-02-30x' } })).rejects.toMatchObject({ fieldErrors: { date: ['error.date'] } });
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, date: '2026-03-13' }, today: '2026-03-12' })).rejects.toMatchObject({
			fieldErrors: { date: ['error.dateInFuture'] }
		});
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, date: '1026-03-12' } })).rejects.toMatchObject({ fieldErrors: { date: ['error.dateTooEarly'] } });
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, link: 'javascript:alert(1)' } })).rejects.toMatchObject({ fieldErrors: { link: ['error.url'] } });
		const planner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: null }]);
		await expect(resolvePlanVersion({ ctx: planner, planId: plan, versionId: id, input: resolution })).rejects.toBeInstanceOf(ForbiddenError);
		const southCoordinator = asGrants(a.ctx, [{ role: 'coordinator', actorId: null, districtIds: [sued] }]);
		await expect(resolvePlanVersion({ ctx: southCoordinator, planId: plan, versionId: id, input: resolution })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(resolvePlanVersion({ ctx: b.ctx, planId: plan, versionId: id, input: resolution })).rejects.toBeInstanceOf(NotFoundError);
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: emptyPlan, versionId: id, input: resolution })).rejects.toBeInstanceOf(NotFoundError);
		expect([...(await counts()), JSON.stringify(await rawVersion(id))]).toEqual(before);
	});

	it('resolves a version; it stays frozen while the living plan goes on (edits, progress, renamed actors)', async () => {
		const { submitted } = await planVersionStatus(t.db.kysely, a.municipality.id, plan);
		const id = submitted!.id;
		await resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: { ...resolution, date: todayInGermany() } });
		expect(await auditCount(t.db, id)).toBe(2);
		const resolved = (await findPlanVersion(t.db.kysely, a.municipality.id, id))!;
		expect(resolved).toMatchObject({ state: 'resolved', resolution: { body: 'Rat der Stadt', referenceNumber: 'DS 0123/2026', link: 'https://ratsinfo.example.org/vo/0123', notes: 'einstimmig' } });
		const frozen = JSON.stringify((await rawVersion(id)).snapshot);

		// Work continues on the living plan.
		const m = (await findMeasure(t.db.kysely, a.municipality.id, measure))!;
		await updateMeasure({ ctx: a.ctx, measureId: measure, input: { title: 'Lernpatenschaften plus', costCents: 1_500_000, partnerActorIds: [] }, partial: true });
		await updateMeasureProgress({ ctx: a.ctx, measureId: measure, input: { status: 'in-progress', doneMilestoneIds: [m.milestones[0].id] } });
		await t.db.kysely.updateTable('actor').set({ name: 'Jugendamt Neukölln' }).where('id', '=', jugendamt).execute();
		expect(JSON.stringify((await rawVersion(id)).snapshot)).toBe(frozen);

		// No command changes a resolved version.
		const before = await counts();
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: resolution })).rejects.toMatchObject({ messageKey: 'error.versionFrozen' });
		await expect(withdrawPlanVersion({ ctx: a.ctx, planId: plan, versionId: id, input: {} })).rejects.toBeInstanceOf(ConflictError);
		expect(await counts()).toEqual(before);

		// The database refuses changes too, whoever tries.
		const k = t.db.kysely;
		await expect(k.updateTable('plan_version').set({ snapshot: '{}' }).where('id', '=', id).execute()).rejects.toThrow(/frozen/);
		await expect(k.updateTable('plan_version').set({ resolution_reference: 'DS 9999' }).where('id', '=', id).execute()).rejects.toThrow(/frozen/);
		await expect(k.updateTable('plan_version').set({ state: 'submitted' }).where('id', '=', id).execute()).rejects.toThrow(/frozen/);
		await expect(k.deleteFrom('plan_version').where('id', '=', id).execute()).rejects.toThrow(/frozen/);
		const withdrawn = (await listPlanVersions(k, a.municipality.id, plan)).find((v) => v.state === 'withdrawn')!;
		await expect(k.updateTable('plan_version').set({ state: 'submitted' }).where('id', '=', withdrawn.id).execute()).rejects.toThrow(/frozen/);
		await expect(sql`update plan_version set number = 7 where id = ${id}`.execute(k)).rejects.toThrow(/frozen/);
		expect(JSON.stringify((await rawVersion(id)).snapshot)).toBe(frozen);

		// Comparison of the resolved version with the draft shows the changes, names as they were in each.
		const c = await comparePlanVersions(k, a.municipality.id, plan, { from: id, to: 'draft' });
		expect(c.from).toMatchObject({ kind: 'version', version: { number: 2 } });
		expect(c.diff.measures.changed[0].changes).toEqual([
			{ field: 'title', kind: 'text', before: 'Lernpatenschaften', after: 'Lernpatenschaften plus' },
			{ field: 'lead', kind: 'name', before: 'Jugendamt', after: 'Jugendamt Neukölln' },
			{ field: 'partners', kind: 'names', before: ['Nachbarschaftsverein'], after: [] },
			{ field: 'milestones', kind: 'milestones', before: [{ title: 'Paten gewonnen', dueDate: '2026-06-30', done: false }], after: [{ title: 'Paten gewonnen', dueDate: '2026-06-30', done: true }] },
			{ field: 'cost', kind: 'money', before: 1_250_000, after: 1_500_000 },
			{ field: 'status', kind: 'status', before: 'planned', after: 'in-progress' }
		]);
		const content = await comparePlanVersions(k, a.municipality.id, plan, { from: id, to: 'draft' }, { ignoreProgress: true });
		expect(content.diff.measures.changed[0].changes.map((x) => x.field)).toEqual(['title', 'lead', 'partners', 'cost']);
	});

	it('supersedes the previous resolution when the next revision is resolved; refuses an earlier resolution date', async () => {
		await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.health, title: 'Gesundheitswissen stärken', priority: 2 } });
		const v3 = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: 'Fortschreibung 2027' } });
		expect(v3.number).toBe(3);
		const { resolved } = await planVersionStatus(t.db.kysely, a.municipality.id, plan);
		const before = await counts();
		await expect(resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: v3.id, input: { ...resolution, date: '2020-01-01' } })).rejects.toMatchObject({
			fieldErrors: { date: ['error.resolutionBeforePrevious'] }
		});
		expect(await counts()).toEqual(before);
		const coordinator = asGrants(a.ctx, [{ role: 'coordinator', actorId: null, districtIds: [nord] }]);
		await resolvePlanVersion({ ctx: coordinator, planId: plan, versionId: v3.id, input: { body: 'Ausschuss für Soziales', date: todayInGermany(), referenceNumber: 'V-2027/17' } });
		const list = await listPlanVersions(t.db.kysely, a.municipality.id, plan);
		expect(list.map((v) => [v.number, v.state])).toEqual([
			[3, 'resolved'],
			[2, 'superseded'],
			[1, 'withdrawn']
		]);
		expect(list[1]).toMatchObject({ id: resolved!.id, supersededById: v3.id, resolution: { referenceNumber: 'DS 0123/2026' } });
		expect(await counts()).toEqual([before[0], before[1] + 1]);

		const c = await comparePlanVersions(t.db.kysely, a.municipality.id, plan, { from: resolved!.id, to: v3.id });
		expect(c.diff.goals.added.map((g) => [g.title, g.actionFieldName])).toEqual([['Gesundheitswissen stärken', 'Gesundheit']]);
		expect(c.diff.goals.removed).toEqual([]);
		const same = await comparePlanVersions(t.db.kysely, a.municipality.id, plan, { from: v3.id, to: v3.id });
		expect(same.diff.goals.added.length + same.diff.measures.changed.length + same.diff.plan.length).toBe(0);
	});

	it('compares only versions of the plan asked for, in this municipality', async () => {
		const [v3] = await listPlanVersions(t.db.kysely, a.municipality.id, plan);
		await expect(comparePlanVersions(t.db.kysely, b.municipality.id, plan, { from: v3.id, to: 'draft' })).rejects.toBeInstanceOf(NotFoundError);
		await expect(comparePlanVersions(t.db.kysely, a.municipality.id, emptyPlan, { from: v3.id, to: 'draft' })).rejects.toMatchObject({ fieldErrors: { from: ['error.versionOtherPlan'] } });
		await expect(comparePlanVersions(t.db.kysely, a.municipality.id, plan, { from: '', to: 'nonsense' })).rejects.toMatchObject({
			fieldErrors: { from: ['error.required'], to: ['error.invalidChoice'] }
		});
		await expect(comparePlanVersions(t.db.kysely, a.municipality.id, plan, { from: crypto.randomUUID(), to: 'draft' })).rejects.toBeInstanceOf(NotFoundError);
		await expect(comparePlanVersions(t.db.kysely, a.municipality.id, foreignPlan, { from: 'draft', to: 'draft' })).rejects.toBeInstanceOf(NotFoundError);
	});
});
