import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createActionPlan } from './create-action-plan';
import { createGoal } from './create-goal';
import { createMeasure } from './create-measure';
import { updateMeasure } from './update-measure';
import { deleteMeasure } from './delete-measure';
import { updateMeasureProgress } from './update-measure-progress';
import { findMeasure, listMeasures } from './measures.repository';
import { auditCount, fieldIds, insertActor, insertDistrict } from './test-helpers';

describe.each(dbKinds())('measures [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let plan: string;
	let southPlan: string;
	let goal1: string;
	let goal2: string;
	let southGoal: string;
	let foreignGoal: string;
	let fields: Record<string, string>;
	let foreignFields: Record<string, string>;
	let jugendamt: string;
	let schulamt: string;
	let verein: string;
	let foreignActor: string;
	const tables = ['measure', 'measure_goal', 'measure_partner', 'milestone', 'audit_entry'] as const;
	const counts = async () => Promise.all(tables.map((x) => countRows(t.db, x)));

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		fields = await fieldIds(t.db, a.municipality.id);
		foreignFields = await fieldIds(t.db, b.municipality.id);
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Plan Nord' } })).id;
		southPlan = (await createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: 'Plan Süd' } })).id;
		const g = (planId: string, title: string, field = fields.education) => createGoal({ ctx: a.ctx, input: { planId, actionFieldId: field, title, priority: 1 } });
		goal1 = (await g(plan, 'Bildungsübergänge verbessern')).id;
		goal2 = (await g(plan, 'Gesundheitswissen stärken', fields.health)).id;
		southGoal = (await g(southPlan, 'Süd-Ziel')).id;
		const foreignPlan = (await createActionPlan({ ctx: b.ctx, input: { districtId: await insertDistrict(t.db, b.municipality.id), title: 'Fremd' } })).id;
		foreignGoal = (await createGoal({ ctx: b.ctx, input: { planId: foreignPlan, actionFieldId: foreignFields.education, title: 'Fremd', priority: 1 } })).id;
		jugendamt = await insertActor(t.db, a.municipality.id, 'Jugendamt');
		schulamt = await insertActor(t.db, a.municipality.id, 'Schulamt');
		verein = await insertActor(t.db, a.municipality.id, 'Nachbarschaftsverein', 'civil-society');
		foreignActor = await insertActor(t.db, b.municipality.id, 'Fremdes Amt');
	});
	afterAll(async () => t.cleanup());

	const measure = (over: Record<string, unknown> = {}) => ({
		planId: plan,
		actionFieldId: fields.education,
		title: 'Sprachcafé für Eltern',
		description: 'Wöchentliches Treffen in der Grundschule',
		goalIds: [goal1],
		leadActorId: jugendamt,
		partnerActorIds: [schulamt, verein],
		startDate: '2025-01-01',
		endDate: '2025-12-31',
		'milestones.ignored': 'x',
		milestones: [
			{ title: 'Räume geklärt', dueDate: '2025-02-01', done: 'on' },
			{ title: 'Erstes Treffen', dueDate: '2025-03-01' }
		],
		cost: '12.500,00',
		fundingSource: 'Soziale Stadt',
		spatialScope: 'site',
		siteLabel: 'Grundschule am Park',
		siteLat: '52,52',
		siteLon: '13.40',
		decidableLocally: 'on',
		integrated: 'on',
		status: 'planned',
		...over
	});

	it('creates a measure with every field, goals, partners, milestones and one audit entry', async () => {
		const { id } = await createMeasure({ ctx: a.ctx, input: measure() });
		const m = await findMeasure(t.db.kysely, a.municipality.id, id);
		expect(m).toMatchObject({
			planId: plan,
			districtName: 'Nordstadt',
			actionFieldName: 'Bildung und Übergang Schule–Beruf',
			leadActorName: 'Jugendamt',
			costCents: 1_250_000,
			fundingSource: 'Soziale Stadt',
			spatialScope: 'site',
			siteLabel: 'Grundschule am Park',
			siteLat: 52.52,
			siteLon: 13.4,
			decidableLocally: true,
			integrated: true,
			starterProject: false,
			status: 'planned',
			goals: [{ id: goal1, title: 'Bildungsübergänge verbessern' }],
			partners: [
				{ id: verein, name: 'Nachbarschaftsverein' },
				{ id: schulamt, name: 'Schulamt' }
			]
		});
		expect(m?.milestones.map((x) => [x.title, x.dueDate, x.done])).toEqual([
			['Räume geklärt', '2025-02-01', true],
			['Erstes Treffen', '2025-03-01', false]
		]);
		expect(await auditCount(t.db, id)).toBe(1);
	});

	it('accepts JSON booleans and integer cents (API form)', async () => {
		const { id } = await createMeasure({
			ctx: a.ctx,
			input: { planId: plan, actionFieldId: fields.health, title: 'Gesundheitswegweiser', goalIds: [goal2], costCents: 99_950, starterProject: true, integrated: false, spatialScope: 'district', partnerActorIds: [jugendamt], leadActorId: jugendamt }
		});
		expect(await findMeasure(t.db.kysely, a.municipality.id, id)).toMatchObject({ costCents: 99_950, starterProject: true, integrated: false, partners: [], status: 'planned', milestones: [] });
	});

	it('refuses bad input and foreign references, writing nothing', async () => {
		const before = await counts();
		const bad: [Record<string, unknown>, Record<string, string[]>][] = [
			[{ title: '' }, { title: ['error.required'] }],
			[{ title: 'x'.repeat(301) }, { title: ['error.tooLong'] }],
			[{ startDate: '2025-06-01', endDate: '2025-05-31' }, { endDate: ['error.endBeforeStart'] }],
			[{ cost: '-5' }, { cost: ['error.negative'] }],
			[{ cost: '12,5,0' }, { cost: ['error.money'] }],
			[{ cost: undefined, costCents: -1 }, { costCents: ['error.negative'] }],
			[{ siteLat: '52.5', siteLon: '' }, { siteLon: ['error.latLonPair'] }],
			[{ siteLat: '95', siteLon: '13' }, { siteLat: ['error.latitude'] }],
			[{ siteLat: 'abc', siteLon: '13' }, { siteLat: ['error.number'] }],
			[{ siteLabel: '', siteLat: '', siteLon: '' }, { siteLabel: ['error.siteRequired'] }],
			[{ goalIds: [] }, { goalIds: ['error.required'] }],
			[{ goalIds: ['4f1c2a7e-1111-4222-8333-444455556666'] }, { goalIds: ['error.unknownReference'] }],
			[{ goalIds: [southGoal] }, { goalIds: ['error.otherPlan'] }],
			[{ goalIds: [foreignGoal] }, { goalIds: ['error.unknownReference'] }],
			[{ leadActorId: foreignActor }, { leadActorId: ['error.unknownReference'] }],
			[{ partnerActorIds: [schulamt, foreignActor] }, { partnerActorIds: ['error.unknownReference'] }],
			[{ actionFieldId: foreignFields.education }, { actionFieldId: ['error.unknownReference'] }],
			[{ actionFieldId: '' }, { actionFieldId: ['error.required'] }],
			[{ status: 'done' }, { status: ['error.invalidChoice'] }],
			[{ milestones: [{ title: '', dueDate: '2025-01-01' }] }, { 'milestones.0.title': ['error.required'] }],
			[{ milestones: [{ title: 'A', dueDate: '' }] }, { 'milestones.0.dueDate': ['error.required'] }]
		];
		for (const [over, errors] of bad) {
			await expect(createMeasure({ ctx: a.ctx, input: measure(over) }), JSON.stringify(over)).rejects.toMatchObject({ fieldErrors: errors });
		}
		// several problems at once are reported together
		await expect(createMeasure({ ctx: a.ctx, input: measure({ title: '', endDate: '2024-01-01', cost: '-1' }) })).rejects.toMatchObject({
			fieldErrors: { title: ['error.required'], endDate: ['error.endBeforeStart'], cost: ['error.negative'] }
		});
		await expect(createMeasure({ ctx: b.ctx, input: measure({ actionFieldId: foreignFields.education, goalIds: [foreignGoal], leadActorId: null, partnerActorIds: [] }) })).rejects.toBeInstanceOf(NotFoundError);
		expect(await counts()).toEqual(before);
	});

	it('updates every field, keeps milestone ids, and refuses bad updates without change', async () => {
		const [m] = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan, leadActorId: jugendamt, actionFieldId: fields.education });
		const kept = m.milestones[1];
		await updateMeasure({
			ctx: a.ctx,
			measureId: m.id,
			input: measure({
				title: 'Sprachcafé für Eltern und Großeltern',
				goalIds: [goal1, goal2],
				leadActorId: schulamt,
				partnerActorIds: [jugendamt],
				milestones: [{ id: kept.id, title: 'Erstes Treffen (verschoben)', dueDate: '2025-04-01' }, { title: 'Auswertung', dueDate: '2025-12-01' }],
				cost: '1250',
				decidableLocally: undefined,
				status: 'in-progress'
			})
		});
		const after = await findMeasure(t.db.kysely, a.municipality.id, m.id);
		expect(after).toMatchObject({ title: 'Sprachcafé für Eltern und Großeltern', leadActorId: schulamt, partners: [{ id: jugendamt }], costCents: 125_000, decidableLocally: false, status: 'in-progress' });
		expect(after?.goals.map((g) => g.id).sort()).toEqual([goal1, goal2].sort());
		expect(after?.milestones.map((x) => [x.title, x.id === kept.id])).toEqual([
			['Erstes Treffen (verschoben)', true],
			['Auswertung', false]
		]);
		expect(await auditCount(t.db, m.id)).toBe(2);

		// PATCH semantics for the API: only the given fields change
		await updateMeasure({ ctx: a.ctx, measureId: m.id, input: { cost: '2.000,50' }, partial: true });
		expect(await findMeasure(t.db.kysely, a.municipality.id, m.id)).toMatchObject({ costCents: 200_050, title: 'Sprachcafé für Eltern und Großeltern', integrated: true });

		const before = await counts();
		await expect(updateMeasure({ ctx: a.ctx, measureId: m.id, input: { endDate: '2024-01-01' }, partial: true })).rejects.toMatchObject({ fieldErrors: { endDate: ['error.endBeforeStart'] } });
		await expect(updateMeasure({ ctx: a.ctx, measureId: m.id, input: measure({ goalIds: [southGoal] }) })).rejects.toMatchObject({ fieldErrors: { goalIds: ['error.otherPlan'] } });
		await expect(updateMeasure({ ctx: b.ctx, measureId: m.id, input: { title: 'Gekapert' }, partial: true })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteMeasure({ ctx: b.ctx, measureId: m.id })).rejects.toBeInstanceOf(NotFoundError);
		await expect(updateMeasureProgress({ ctx: b.ctx, measureId: m.id, input: { status: 'completed' } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await counts()).toEqual(before);
		expect((await findMeasure(t.db.kysely, a.municipality.id, m.id))?.title).toBe('Sprachcafé für Eltern und Großeltern');
	});

	it('applies the permission matrix', async () => {
		const { id } = await createMeasure({ ctx: a.ctx, input: measure({ title: 'Matrix', leadActorId: jugendamt, partnerActorIds: [verein] }) });
		const m = (await findMeasure(t.db.kysely, a.municipality.id, id))!;
		const northPlanner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [nord] }]);
		const southPlanner = asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		const leadDept = asGrants(a.ctx, [{ role: 'department', actorId: jugendamt, districtIds: null }]);
		const partnerOrg = asGrants(a.ctx, [{ role: 'partner', actorId: verein, districtIds: null }]);
		const otherDept = asGrants(a.ctx, [{ role: 'department', actorId: schulamt, districtIds: null }]);
		const leadDeptSouth = asGrants(a.ctx, [{ role: 'department', actorId: jugendamt, districtIds: [sued] }]);
		const board = asGrants(a.ctx, [{ role: 'board', actorId: null, districtIds: null }]);
		const before = await counts();
		for (const ctx of [southPlanner, leadDept, partnerOrg, board]) {
			await expect(createMeasure({ ctx, input: measure() })).rejects.toBeInstanceOf(ForbiddenError);
			await expect(updateMeasure({ ctx, measureId: id, input: { title: 'X' }, partial: true })).rejects.toBeInstanceOf(ForbiddenError);
			await expect(deleteMeasure({ ctx, measureId: id })).rejects.toBeInstanceOf(ForbiddenError);
		}
		for (const ctx of [otherDept, leadDeptSouth, board, southPlanner]) {
			await expect(updateMeasureProgress({ ctx, measureId: id, input: { status: 'completed' } })).rejects.toBeInstanceOf(ForbiddenError);
		}
		expect(await counts()).toEqual(before);

		await updateMeasureProgress({ ctx: leadDept, measureId: id, input: { status: 'in-progress', description: 'Läuft seit März', doneMilestoneIds: [m.milestones[1].id] } });
		expect(await findMeasure(t.db.kysely, a.municipality.id, id)).toMatchObject({ status: 'in-progress', description: 'Läuft seit März', title: 'Matrix' });
		expect((await findMeasure(t.db.kysely, a.municipality.id, id))?.milestones.map((x) => x.done)).toEqual([false, true]);
		await updateMeasureProgress({ ctx: partnerOrg, measureId: id, input: { status: 'on-hold' } });
		expect((await findMeasure(t.db.kysely, a.municipality.id, id))?.milestones.map((x) => x.done)).toEqual([false, true]);
		await expect(updateMeasureProgress({ ctx: partnerOrg, measureId: id, input: { status: 'finished' } })).rejects.toBeInstanceOf(ValidationError);
		await expect(updateMeasureProgress({ ctx: partnerOrg, measureId: id, input: { doneMilestoneIds: ['4f1c2a7e-1111-4222-8333-444455556666'] } })).rejects.toMatchObject({
			fieldErrors: { doneMilestoneIds: ['error.unknownReference'] }
		});
		expect(await auditCount(t.db, id)).toBe(3);

		await updateMeasure({ ctx: northPlanner, measureId: id, input: { title: 'Matrix (Nord)' }, partial: true });
		await deleteMeasure({ ctx: northPlanner, measureId: id });
		expect(await findMeasure(t.db.kysely, a.municipality.id, id)).toBeUndefined();
		expect(await auditCount(t.db, id)).toBe(5);
		const left = await t.db.kysely.selectFrom('milestone').select('id').where('measure_id', '=', id).execute();
		expect(left).toEqual([]);
	});

	it('filters the plan table and finds "my measures" in few queries', async () => {
		for (let i = 0; i < 12; i++) {
			await createMeasure({
				ctx: a.ctx,
				input: {
					planId: i % 3 === 0 ? southPlan : plan,
					actionFieldId: i % 2 ? fields.health : fields.education,
					title: `Maßnahme ${String(i).padStart(2, '0')}`,
					goalIds: [i % 3 === 0 ? southGoal : i % 2 ? goal2 : goal1],
					leadActorId: i % 4 === 0 ? verein : jugendamt,
					partnerActorIds: i % 5 === 0 ? [schulamt] : [],
					status: i % 2 ? 'completed' : 'planned',
					milestones: [{ title: `M${i}`, dueDate: '2026-01-01' }]
				}
			});
		}
		const all = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan });
		expect(all.every((m) => m.planId === plan)).toBe(true);
		const health = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan, actionFieldId: fields.health });
		expect(health.length).toBeGreaterThan(0);
		expect(health.every((m) => m.actionFieldId === fields.health)).toBe(true);
		const byGoal = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan, goalId: goal1 });
		expect(byGoal.every((m) => m.goals.some((g) => g.id === goal1))).toBe(true);
		expect(byGoal.map((m) => m.title)).toContain('Maßnahme 02');
		const byLead = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan, leadActorId: verein });
		expect(byLead.map((m) => m.title)).toEqual(['Maßnahme 04', 'Maßnahme 08']);
		const combined = await listMeasures(t.db.kysely, a.municipality.id, { planId: plan, status: 'completed', actionFieldId: fields.health, leadActorId: jugendamt });
		expect(combined.map((m) => m.title)).toEqual(['Maßnahme 01', 'Maßnahme 05', 'Maßnahme 07', 'Maßnahme 11']);
		expect(await listMeasures(t.db.kysely, b.municipality.id, { planId: plan })).toEqual([]);

		const mine = await listMeasures(t.db.kysely, a.municipality.id, { involvedActorIds: [schulamt] });
		expect(mine.map((m) => m.title).filter((x) => x.startsWith('Maßnahme')).sort()).toEqual(['Maßnahme 00', 'Maßnahme 05', 'Maßnahme 10']);
		expect(mine.every((m) => m.leadActorId === schulamt || m.partners.some((p) => p.id === schulamt))).toBe(true);
		expect(new Set(mine.map((m) => m.planId))).toEqual(new Set([plan, southPlan]));
		expect(await listMeasures(t.db.kysely, a.municipality.id, { involvedActorIds: [] })).toEqual([]);

		let queries = 0;
		const counter: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async (args) => (queries++, args.result) };
		const rows = await listMeasures(t.db.kysely.withPlugin(counter), a.municipality.id, { planId: plan });
		expect(rows.length).toBeGreaterThan(8);
		expect(queries).toBe(4);
	});
});
