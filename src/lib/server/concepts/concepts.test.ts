import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createDistrict } from '../districts/create-district';
import { createCityConcept } from './create-city-concept';
import { updateCityConcept } from './update-city-concept';
import { deleteCityConcept } from './delete-city-concept';
import { createConceptGoal } from './create-concept-goal';
import { updateConceptGoal } from './update-concept-goal';
import { deleteConceptGoal } from './delete-concept-goal';
import { saveDistrictConcept } from './save-district-concept';
import { deleteDistrictConcept } from './delete-district-concept';
import { findCityConcept, findDistrictConcept, listCityConcepts, listConceptGoals } from './concepts.repository';
import { startingDecisions } from './concept-model';

const decisions = (state = 'open', note = '') => Object.fromEntries(startingDecisions.map((k) => [k, { state, note }]));

describe.each(dbKinds())('concepts [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Konzeptstadt');
		b = await createTenant(t.db, 'Nachbarstadt');
	});
	afterAll(async () => t.cleanup());

	const snapshot = async () => ({
		concepts: await countRows(t.db, 'city_concept'),
		goals: await countRows(t.db, 'concept_goal'),
		districtConcepts: await countRows(t.db, 'district_concept'),
		decisions: await countRows(t.db, 'starting_decision'),
		audit: await countRows(t.db, 'audit_entry')
	});
	const audits = (entity: string, id: string) =>
		t.db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity', '=', entity).where('entity_id', '=', id).execute();

	describe('city concepts and goals', () => {
		it('creates, updates and lists a concept with goals, each with an audit entry', async () => {
			const c = await createCityConcept({ ctx: a.ctx, input: { kind: 'integration', title: 'Gesamtstädtisches Integrationskonzept', year: '2022', description: 'Leitlinien' } });
			expect(c).toMatchObject({ kind: 'integration', year: 2022 });
			const g1 = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { code: '2', title: 'Bildungschancen verbessern' } });
			const g2 = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { code: '1', title: 'Teilhabe stärken', description: 'Für alle' } });
			const noCode = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { title: 'Ohne Nummer' } });
			expect(noCode.code).toBe('');
			const u = await updateCityConcept({ ctx: a.ctx, conceptId: c.id, input: { year: '', title: 'Integrationskonzept 2030' } });
			expect(u).toMatchObject({ year: null, title: 'Integrationskonzept 2030', kind: 'integration', description: 'Leitlinien' });
			const ug = await updateConceptGoal({ ctx: a.ctx, goalId: g1.id, input: { title: 'Bildung', code: '2' } });
			expect(ug).toMatchObject({ title: 'Bildung', code: '2' });

			const found = await findCityConcept(t.db.kysely, a.municipality.id, c.id);
			expect(found?.goals.map((g) => g.code)).toEqual(['', '1', '2']);
			const options = await listConceptGoals(t.db.kysely, a.municipality.id);
			expect(options.find((o) => o.id === g2.id)).toMatchObject({ conceptTitle: 'Integrationskonzept 2030', conceptKind: 'integration', code: '1' });
			expect(await listConceptGoals(t.db.kysely, b.municipality.id)).toEqual([]);
			expect((await listCityConcepts(t.db.kysely, a.municipality.id))[0].goals).toHaveLength(3);

			expect((await audits('city_concept', c.id)).map((r) => r.action)).toEqual(['create', 'update']);
			expect((await audits('concept_goal', g1.id)).map((r) => r.action)).toEqual(['create', 'update']);
		});

		it('rejects bad input and duplicate goal codes, writing nothing', async () => {
			const c = await createCityConcept({ ctx: a.ctx, input: { kind: 'isek', title: 'ISEK Nord' } });
			await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { code: 'A', title: 'Wohnumfeld' } });
			const before = await snapshot();
			const bad: [unknown, string, string][] = [
				[{ kind: 'integration', title: '' }, 'title', 'error.required'],
				[{ kind: 'integration', title: 'x'.repeat(301) }, 'title', 'error.tooLong'],
				[{ kind: 'plan', title: 'Falsche Art' }, 'kind', 'error.invalidChoice'],
				[{ title: 'Ohne Art' }, 'kind', 'error.invalidChoice'],
				[{ kind: 'youth', title: 'Jahr', year: 'zwanzig' }, 'year', 'error.number'],
				[{ kind: 'youth', title: 'Jahr', year: '1800' }, 'year', 'error.tooSmall'],
				[{ kind: 'youth', title: 'Lang', description: 'x'.repeat(20_001) }, 'description', 'error.tooLong']
			];
			for (const [input, field, key] of bad) {
				const err = await createCityConcept({ ctx: a.ctx, input }).catch((e) => e);
				expect(err, JSON.stringify(input).slice(0, 60)).toBeInstanceOf(ValidationError);
				expect(err.fieldErrors[field]).toContain(key);
			}
			const e1 = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { code: 'A', title: 'Doppelt' } }).catch((e) => e);
			expect(e1).toBeInstanceOf(ConflictError);
			expect(e1).toMatchObject({ messageKey: 'error.duplicateCode', field: 'code' });
			const e2 = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { code: 'A 1', title: '' } }).catch((e) => e);
			expect(e2.fieldErrors).toMatchObject({ code: ['error.code'], title: ['error.required'] });
			expect(await snapshot()).toEqual(before);
		});

		it("treats another municipality's concepts and goals as not found", async () => {
			const foreign = await createCityConcept({ ctx: b.ctx, input: { kind: 'youth', title: 'Jugendhilfeplan' } });
			const foreignGoal = await createConceptGoal({ ctx: b.ctx, conceptId: foreign.id, input: { title: 'Jugendarbeit' } });
			const before = await snapshot();
			await expect(updateCityConcept({ ctx: a.ctx, conceptId: foreign.id, input: { title: 'X' } })).rejects.toBeInstanceOf(NotFoundError);
			await expect(deleteCityConcept({ ctx: a.ctx, conceptId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
			await expect(createConceptGoal({ ctx: a.ctx, conceptId: foreign.id, input: { title: 'X' } })).rejects.toBeInstanceOf(NotFoundError);
			await expect(updateConceptGoal({ ctx: a.ctx, goalId: foreignGoal.id, input: { title: 'X' } })).rejects.toBeInstanceOf(NotFoundError);
			await expect(deleteConceptGoal({ ctx: a.ctx, goalId: foreignGoal.id })).rejects.toBeInstanceOf(NotFoundError);
			expect(await snapshot()).toEqual(before);
			expect((await findCityConcept(t.db.kysely, b.municipality.id, foreign.id))?.title).toBe('Jugendhilfeplan');
		});

		it('deletes goals and concepts with audit entries, but not while district goals link to them', async () => {
			const c = await createCityConcept({ ctx: a.ctx, input: { kind: 'education', title: 'Bildungsplan' } });
			const linked = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { title: 'Übergänge' } });
			const free = await createConceptGoal({ ctx: a.ctx, conceptId: c.id, input: { title: 'Frei' } });
			// A district goal (built by the action-plan area) linking to the concept goal.
			const district = await createDistrict({ ctx: a.ctx, input: { name: 'Linkbezirk', code: 'LB' } });
			const field = await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow();
			const plan = await createActionPlan({ ctx: a.ctx, input: { districtId: district.id, title: 'LAP' } });
			const goal = await createGoal({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: field.id, title: 'Ziel', priority: 1, conceptGoalIds: [linked.id] } });
			expect(await countRows(t.db, 'goal_concept_goal')).toBe(1);

			const before = await snapshot();
			await expect(deleteConceptGoal({ ctx: a.ctx, goalId: linked.id })).rejects.toMatchObject({ messageKey: 'error.inUse' });
			await expect(deleteCityConcept({ ctx: a.ctx, conceptId: c.id })).rejects.toMatchObject({ messageKey: 'error.inUse' });
			expect(await snapshot()).toEqual(before);

			await deleteConceptGoal({ ctx: a.ctx, goalId: free.id });
			expect((await audits('concept_goal', free.id)).map((r) => r.action)).toEqual(['create', 'delete']);
			await t.db.kysely.deleteFrom('goal_concept_goal').where('goal_id', '=', goal.id).execute();
			await deleteCityConcept({ ctx: a.ctx, conceptId: c.id });
			expect(await findCityConcept(t.db.kysely, a.municipality.id, c.id)).toBeUndefined();
			const del = await audits('city_concept', c.id);
			expect(del.map((r) => r.action)).toEqual(['create', 'delete']);
			expect(JSON.parse(del[1].changes).before.goals).toHaveLength(1);
		});

		it('allows only unnarrowed plan owners to change city concepts', async () => {
			const c = await createCityConcept({ ctx: a.ctx, input: { kind: 'social', title: 'Sozialplan' } });
			const district = await createDistrict({ ctx: a.ctx, input: { name: 'Narrow', code: 'NW' } });
			const narrowed = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'coordinator', actorId: null, districtIds: [district.id] }]);
			const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
			const before = await snapshot();
			for (const ctx of [narrowed, department]) {
				await expect(createCityConcept({ ctx, input: { kind: 'other', title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
				await expect(updateCityConcept({ ctx, conceptId: c.id, input: { title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
				await expect(createConceptGoal({ ctx, conceptId: c.id, input: { title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
				await expect(deleteCityConcept({ ctx, conceptId: c.id })).rejects.toBeInstanceOf(ForbiddenError);
			}
			expect(await snapshot()).toEqual(before);
		});
	});

	describe('district concept and starting decisions', () => {
		it('creates the concept with all six decisions, then updates it; one audit entry each', async () => {
			const d = await createDistrict({ ctx: a.ctx, input: { name: 'Schillerkiez', code: 'SK' } });
			const created = await saveDistrictConcept({
				ctx: a.ctx,
				districtId: d.id,
				input: {
					conceptType: 'district-integration',
					approaches: 'cooperative',
					integrationUnderstanding: 'Bessere Teilhabechancen für alle Bewohnerinnen und Bewohner.',
					phase: 'inventory',
					resources: '',
					decisions: { ...decisions(), 'choose-district': { state: 'done', note: 'Beschluss Steuerungsgruppe' } }
				}
			});
			expect(created.approaches).toEqual(['cooperative']);
			expect(created.decisions).toHaveLength(6);
			expect(created.decisions[0]).toMatchObject({ decision: 'choose-district', state: 'done', note: 'Beschluss Steuerungsgruppe' });
			expect(await countRows(t.db, 'starting_decision')).toBeGreaterThanOrEqual(6);

			const updated = await saveDistrictConcept({
				ctx: a.ctx,
				districtId: d.id,
				input: { conceptType: 'thematic', approaches: ['grassroots', 'administrative', 'grassroots'], phase: 'planning', decisions: decisions('in-progress', 'läuft') }
			});
			expect(updated.id).toBe(created.id);
			expect(updated.approaches).toEqual(['administrative', 'grassroots']);
			expect(updated.decisions.every((x) => x.state === 'in-progress' && x.note === 'läuft')).toBe(true);
			const found = await findDistrictConcept(t.db.kysely, a.municipality.id, d.id);
			expect(found).toMatchObject({ conceptType: 'thematic', phase: 'planning', integrationUnderstanding: '' });
			const log = await audits('district_concept', created.id);
			expect(log.map((r) => r.action)).toEqual(['create', 'update']);
			expect(JSON.parse(log[1].changes).before.conceptType).toBe('district-integration');

			await deleteDistrictConcept({ ctx: a.ctx, districtId: d.id });
			expect(await findDistrictConcept(t.db.kysely, a.municipality.id, d.id)).toBeUndefined();
			expect((await audits('district_concept', created.id)).map((r) => r.action)).toEqual(['create', 'update', 'delete']);
		});

		it('rejects bad input, writing nothing', async () => {
			const d = await createDistrict({ ctx: a.ctx, input: { name: 'Fehlerkiez', code: 'FK' } });
			const before = await snapshot();
			const good = { conceptType: 'thematic', approaches: [], phase: 'planning', decisions: decisions() };
			const bad: [unknown, string, string][] = [
				[{ ...good, conceptType: 'soziale-stadt' }, 'conceptType', 'error.invalidChoice'],
				[{ ...good, approaches: ['topdown'] }, 'approaches.0', 'error.invalidChoice'],
				[{ ...good, phase: undefined }, 'phase', 'error.invalidChoice'],
				[{ ...good, integrationUnderstanding: 'x'.repeat(20_001) }, 'integrationUnderstanding', 'error.tooLong'],
				[{ ...good, decisions: { ...decisions(), participants: { state: 'finished' } } }, 'decisions.participants.state', 'error.invalidChoice'],
				[{ ...good, decisions: { ...decisions(), resources: { state: 'open', note: 'x'.repeat(5001) } } }, 'decisions.resources.note', 'error.tooLong'],
				[{ ...good, decisions: { 'choose-district': { state: 'open' } } }, 'decisions.political-backing', 'error.required']
			];
			for (const [input, field, key] of bad) {
				const err = await saveDistrictConcept({ ctx: a.ctx, districtId: d.id, input }).catch((e) => e);
				expect(err, field).toBeInstanceOf(ValidationError);
				expect(err.fieldErrors[field], field).toContain(key);
			}
			expect(await snapshot()).toEqual(before);
		});

		it("refuses another municipality's district and narrowed grants of other districts", async () => {
			const foreign = await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'FR' } });
			const mine = await createDistrict({ ctx: a.ctx, input: { name: 'Meinkiez', code: 'MK' } });
			const other = await createDistrict({ ctx: a.ctx, input: { name: 'Anderkiez', code: 'AK' } });
			const input = { conceptType: 'thematic', approaches: [], phase: 'planning', decisions: decisions() };
			const before = await snapshot();
			await expect(saveDistrictConcept({ ctx: a.ctx, districtId: foreign.id, input })).rejects.toBeInstanceOf(NotFoundError);
			await expect(deleteDistrictConcept({ ctx: a.ctx, districtId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
			const narrowed = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'coordinator', actorId: null, districtIds: [mine.id] }]);
			const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
			await expect(saveDistrictConcept({ ctx: narrowed, districtId: other.id, input })).rejects.toBeInstanceOf(ForbiddenError);
			await expect(saveDistrictConcept({ ctx: department, districtId: mine.id, input })).rejects.toBeInstanceOf(ForbiddenError);
			expect(await snapshot()).toEqual(before);
			await expect(saveDistrictConcept({ ctx: narrowed, districtId: mine.id, input })).resolves.toMatchObject({ phase: 'planning' });
		});
	});
});
