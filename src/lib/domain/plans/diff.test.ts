import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffSnapshots, isEmptyDiff } from './diff';
import { emptyRule, SNAPSHOT_SCHEMA, type PlanSnapshot, type SnapshotGoal, type SnapshotMeasure } from './snapshot';

const F1 = '00000000-0000-4000-8000-0000000000f1';
const F2 = '00000000-0000-4000-8000-0000000000f2';
const A1 = '00000000-0000-4000-8000-0000000000a1';
const A2 = '00000000-0000-4000-8000-0000000000a2';

function base(): PlanSnapshot {
	return {
		schema: SNAPSHOT_SCHEMA,
		plan: { id: 'p', districtId: 'd', districtName: 'Nordstadt', title: 'Aktionsplan', introduction: 'Einleitung', rules: { reporting: emptyRule(), evaluation: emptyRule(), revision: emptyRule() } },
		actionFields: [
			{ id: F1, key: 'health', name: 'Gesundheit', sortOrder: 10 },
			{ id: F2, key: 'education', name: 'Bildung', sortOrder: 20 }
		],
		actors: [
			{ id: A1, name: 'Jugendamt' },
			{ id: A2, name: 'Gesundheitsamt' }
		],
		conceptGoals: [],
		goals: [goal('g1', 'Sprachförderung', F1), goal('g2', 'Mehr Kitaplätze', F2)],
		measures: [measure('m1', 'Sprachcafé', F1, ['g1']), measure('m2', 'Elternkurs', F2, ['g2'])]
	};
}
function goal(id: string, title: string, field: string): SnapshotGoal {
	return { id, parentGoalId: null, actionFieldId: field, title, description: '', priority: 1, timeHorizon: '2027-12-31', operationalisation: '', conceptGoalIds: [] };
}
function measure(id: string, title: string, field: string, goalIds: string[]): SnapshotMeasure {
	return {
		id,
		actionFieldId: field,
		title,
		description: '',
		goalIds,
		leadActorId: A1,
		partnerActorIds: [],
		startDate: '2026-01-01',
		endDate: '2026-12-31',
		milestones: [{ id: `${id}-ms`, title: 'Start', dueDate: '2026-02-01', done: false }],
		costCents: 1_250_000,
		fundingSource: 'Haushalt',
		spatialScope: 'district',
		siteLabel: '',
		siteLat: null,
		siteLon: null,
		decidableLocally: true,
		integrated: false,
		starterProject: false,
		status: 'planned'
	};
}

describe('diffSnapshots', () => {
	it('finds nothing between a snapshot and itself', () => {
		expect(isEmptyDiff(diffSnapshots(base(), base()))).toBe(true);
	});

	it('reports added, removed and changed measures field by field with names resolved in each snapshot', () => {
		const a = base();
		const b = base();
		b.actors = [
			{ id: A1, name: 'Jugendamt' },
			{ id: A2, name: 'Gesundheitsamt Neukölln' }
		];
		b.measures[0] = { ...b.measures[0], leadActorId: A2, costCents: 1_500_000, partnerActorIds: [A1], status: 'in-progress' };
		b.measures = b.measures.filter((m) => m.id !== 'm2');
		b.measures.push(measure('m3', 'Gesundheitslotsen', F1, ['g1']));
		b.plan = { ...b.plan, rules: { ...b.plan.rules, revision: { ...emptyRule(), by: 'Koordinierung', intervalMonths: 36, nextDate: '2029-01-01' } } };
		const d = diffSnapshots(a, b);
		expect(d.measures.added.map((m) => m.title)).toEqual(['Gesundheitslotsen']);
		expect(d.measures.removed.map((m) => [m.title, m.actionFieldName])).toEqual([['Elternkurs', 'Bildung']]);
		expect(d.measures.changed).toHaveLength(1);
		expect(d.measures.changed[0].changes).toEqual([
			{ field: 'lead', kind: 'name', before: 'Jugendamt', after: 'Gesundheitsamt Neukölln' },
			{ field: 'partners', kind: 'names', before: [], after: ['Jugendamt'] },
			{ field: 'cost', kind: 'money', before: 1_250_000, after: 1_500_000 },
			{ field: 'status', kind: 'status', before: 'planned', after: 'in-progress' }
		]);
		expect(d.plan.map((c) => [c.field, c.before, c.after])).toEqual([
			['revisionBy', '', 'Koordinierung'],
			['revisionInterval', null, 36],
			['revisionNextDate', null, '2029-01-01']
		]);
		expect(d.goals).toEqual({ added: [], removed: [], changed: [] });
	});

	it('leaves out status and milestones done when asked to ignore progress', () => {
		const a = base();
		const b = base();
		b.measures[0] = { ...b.measures[0], status: 'completed', milestones: [{ ...b.measures[0].milestones[0], done: true }] };
		expect(diffSnapshots(a, b).measures.changed[0].changes.map((c) => c.field)).toEqual(['milestones', 'status']);
		expect(isEmptyDiff(diffSnapshots(a, b, { ignoreProgress: true }))).toBe(true);
	});

	it('shows a goal moved to another field of action and renamed parent goals by title', () => {
		const a = base();
		const b = base();
		b.goals[1] = { ...b.goals[1], actionFieldId: F1, parentGoalId: 'g1', priority: 2 };
		const d = diffSnapshots(a, b);
		expect(d.goals.changed[0].changes).toEqual([
			{ field: 'actionField', kind: 'name', before: 'Bildung', after: 'Gesundheit' },
			{ field: 'parentGoal', kind: 'name', before: null, after: 'Sprachförderung' },
			{ field: 'priority', kind: 'priority', before: 1, after: 2 }
		]);
	});

	// Random plans: goals and measures drawn from a pool of ids with random field values.
	const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
	const arbGoal = fc.record({ id: ids, title: fc.string({ maxLength: 8 }), priority: fc.constantFrom(1, 2, 3), field: fc.constantFrom(F1, F2) });
	const arbMeasure = fc.record({
		id: ids,
		title: fc.string({ maxLength: 8 }),
		cost: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
		lead: fc.constantFrom(A1, A2, null),
		status: fc.constantFrom('planned', 'in-progress', 'completed'),
		field: fc.constantFrom(F1, F2)
	});
	const arbSnapshot = fc
		.record({
			title: fc.string({ maxLength: 10 }),
			goals: fc.uniqueArray(arbGoal, { selector: (g) => g.id, maxLength: 6 }),
			measures: fc.uniqueArray(arbMeasure, { selector: (m) => m.id, maxLength: 6 })
		})
		.map(({ title, goals, measures }) => {
			const s = base();
			s.plan.title = title;
			s.goals = goals.map((g) => ({ ...goal(g.id, g.title, g.field), priority: g.priority }));
			s.measures = measures.map((m) => ({ ...measure(m.id, m.title, m.field, []), costCents: m.cost, leadActorId: m.lead, status: m.status as SnapshotMeasure['status'] }));
			return s;
		});

	it('property: diff(s, s) is empty', () => {
		fc.assert(fc.property(arbSnapshot, (s) => isEmptyDiff(diffSnapshots(s, structuredClone(s)))));
	});

	it('property: removing the removed and adding the added turns the ids of a into the ids of b; changed items are in both', () => {
		fc.assert(
			fc.property(arbSnapshot, arbSnapshot, (a, b) => {
				const d = diffSnapshots(a, b);
				for (const kind of ['goals', 'measures'] as const) {
					const removed = new Set(d[kind].removed.map((x) => x.id));
					const result = [...a[kind].map((x) => x.id).filter((id) => !removed.has(id)), ...d[kind].added.map((x) => x.id)].sort();
					expect(result).toEqual(b[kind].map((x) => x.id).sort());
					const aIds = new Set(a[kind].map((x) => x.id));
					const bIds = new Set(b[kind].map((x) => x.id));
					for (const c of d[kind].changed) expect(aIds.has(c.id) && bIds.has(c.id) && c.changes.length > 0).toBe(true);
				}
			})
		);
	});

	it('property: the diff is symmetric (b→a swaps added/removed and before/after)', () => {
		fc.assert(
			fc.property(arbSnapshot, arbSnapshot, (a, b) => {
				const ab = diffSnapshots(a, b);
				const ba = diffSnapshots(b, a);
				expect(ba.measures.added.map((x) => x.id).sort()).toEqual(ab.measures.removed.map((x) => x.id).sort());
				expect(ba.goals.removed.map((x) => x.id).sort()).toEqual(ab.goals.added.map((x) => x.id).sort());
				expect(ba.plan.map((c) => [c.field, c.after, c.before])).toEqual(ab.plan.map((c) => [c.field, c.before, c.after]));
				const flip = (xs: typeof ab.measures.changed) => xs.map((x) => [x.id, x.changes.map((c) => c.field)]).sort();
				expect(flip(ba.measures.changed)).toEqual(flip(ab.measures.changed));
			})
		);
	});
});
