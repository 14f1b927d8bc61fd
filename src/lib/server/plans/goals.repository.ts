import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export interface Goal {
	id: string;
	planId: string;
	parentGoalId: string | null;
	actionFieldId: string;
	actionFieldName: string;
	actionFieldSortOrder: number;
	title: string;
	description: string;
	priority: number;
	timeHorizon: string | null;
	operationalisation: string;
	conceptGoals: { id: string; code: string; title: string }[];
	measureCount: number;
	createdAt: string;
	updatedAt: string;
}

const goalQuery = (db: Q, municipalityId: string) =>
	db
		.selectFrom('goal as g')
		.innerJoin('action_field as f', (j) => j.onRef('f.id', '=', 'g.action_field_id').onRef('f.municipality_id', '=', 'g.municipality_id'))
		.select([
			'g.id',
			'g.action_plan_id',
			'g.parent_goal_id',
			'g.action_field_id',
			'f.name as field_name',
			'f.sort_order as field_sort',
			'g.title',
			'g.description',
			'g.priority',
			'g.time_horizon',
			'g.operationalisation',
			'g.created_at',
			'g.updated_at'
		])
		.where('g.municipality_id', '=', municipalityId);

const collator = new Intl.Collator('de');

/**
 * Goals with their field of action, linked concept goals and number of measures: three queries for any
 * number of goals. Ordered by field of action, priority, title.
 */
async function loadGoals(db: Q, municipalityId: string, where: { planId?: string; id?: string }): Promise<Goal[]> {
	let q = goalQuery(db, municipalityId);
	if (where.planId) q = q.where('g.action_plan_id', '=', where.planId);
	if (where.id) q = q.where('g.id', '=', where.id);
	const rows = await q.execute();
	if (rows.length === 0) return [];
	const ids = db.selectFrom('goal').select('id').where('municipality_id', '=', municipalityId);
	const scoped = where.id ? ids.where('id', '=', where.id) : ids.where('action_plan_id', '=', where.planId!);
	const [links, counts] = await Promise.all([
		db
			.selectFrom('goal_concept_goal as l')
			.innerJoin('concept_goal as c', (j) => j.onRef('c.id', '=', 'l.concept_goal_id').onRef('c.municipality_id', '=', 'l.municipality_id'))
			.select(['l.goal_id', 'c.id', 'c.code', 'c.title'])
			.where('l.municipality_id', '=', municipalityId)
			.where('l.goal_id', 'in', scoped)
			.execute(),
		db
			.selectFrom('measure_goal')
			.select(['goal_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('municipality_id', '=', municipalityId)
			.where('goal_id', 'in', scoped)
			.groupBy('goal_id')
			.execute()
	]);
	const byGoal = new Map<string, Goal['conceptGoals']>();
	for (const l of links) (byGoal.get(l.goal_id) ?? byGoal.set(l.goal_id, []).get(l.goal_id)!).push({ id: l.id, code: l.code, title: l.title });
	const n = new Map(counts.map((c) => [c.goal_id, Number(c.n)]));
	return rows
		.map((r) => ({
			id: r.id,
			planId: r.action_plan_id,
			parentGoalId: r.parent_goal_id,
			actionFieldId: r.action_field_id,
			actionFieldName: r.field_name,
			actionFieldSortOrder: r.field_sort,
			title: r.title,
			description: r.description,
			priority: r.priority,
			timeHorizon: r.time_horizon,
			operationalisation: r.operationalisation,
			conceptGoals: (byGoal.get(r.id) ?? []).sort((a, b) => collator.compare(a.code, b.code) || collator.compare(a.title, b.title)),
			measureCount: n.get(r.id) ?? 0,
			createdAt: r.created_at,
			updatedAt: r.updated_at
		}))
		.sort((a, b) => a.actionFieldSortOrder - b.actionFieldSortOrder || a.priority - b.priority || collator.compare(a.title, b.title));
}

export const listGoals = (db: Q, municipalityId: string, planId: string): Promise<Goal[]> => loadGoals(db, municipalityId, { planId });

export async function findGoal(db: Q, municipalityId: string, id: string): Promise<Goal | undefined> {
	return (await loadGoals(db, municipalityId, { id }))[0];
}

/** Parent of every goal of a plan (for the cycle check). */
export async function goalParents(db: Q, municipalityId: string, planId: string): Promise<Map<string, string | null>> {
	const rows = await db
		.selectFrom('goal')
		.select(['id', 'parent_goal_id'])
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.execute();
	return new Map(rows.map((r) => [r.id, r.parent_goal_id]));
}
