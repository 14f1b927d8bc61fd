import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { GapActivity, GapNeed, GapPlanItem } from '../../domain/gaps';

type Q = Kysely<Database>;

const list = (json: string): string[] => {
	try {
		const v = JSON.parse(json);
		return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
};

/** Everything the gap analysis compares, of one municipality (four queries). */
export async function loadGapItems(db: Q, municipalityId: string) {
	const [fields, needs, activities, goals, measures] = await Promise.all([
		db.selectFrom('action_field').select(['id', 'name', 'active']).where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('name').execute(),
		db
			.selectFrom('need')
			.select(['id', 'title', 'action_field_id', 'district_id', 'target_groups', 'language', 'state'])
			.where('municipality_id', '=', municipalityId)
			// Online submissions count once staff accepted them; pending and rejected ones are not needs yet.
			.where('review_state', '=', 'accepted')
			.orderBy('created_at', 'desc')
			.execute(),
		db
			.selectFrom('activity as x')
			.innerJoin('actor as a', (j) => j.onRef('a.municipality_id', '=', 'x.municipality_id').onRef('a.id', '=', 'x.actor_id'))
			.select(['x.id', 'x.title', 'a.name as actor_name', 'x.action_field_id', 'x.target_groups', 'x.languages'])
			.where('x.municipality_id', '=', municipalityId)
			.orderBy('x.title')
			.execute(),
		db
			.selectFrom('goal as g')
			.innerJoin('action_plan as p', (j) => j.onRef('p.municipality_id', '=', 'g.municipality_id').onRef('p.id', '=', 'g.action_plan_id'))
			.select(['g.id', 'g.title', 'g.action_field_id', 'p.district_id', 'p.id as plan_id'])
			.where('g.municipality_id', '=', municipalityId)
			.orderBy('g.title')
			.execute(),
		db
			.selectFrom('measure as m')
			.innerJoin('action_plan as p', (j) => j.onRef('p.municipality_id', '=', 'm.municipality_id').onRef('p.id', '=', 'm.action_plan_id'))
			.select(['m.id', 'm.title', 'm.action_field_id', 'p.district_id', 'p.id as plan_id'])
			.where('m.municipality_id', '=', municipalityId)
			.orderBy('m.title')
			.execute()
	]);
	const plan = (r: { id: string; title: string; action_field_id: string; district_id: string; plan_id: string }): GapPlanItem => ({
		id: r.id,
		title: r.title,
		actionFieldId: r.action_field_id,
		districtId: r.district_id,
		planId: r.plan_id
	});
	return {
		fields: fields.map((f) => ({ id: f.id, name: f.name, active: !!f.active })),
		needs: needs.map(
			(n): GapNeed => ({ id: n.id, title: n.title, actionFieldId: n.action_field_id, districtId: n.district_id, targetGroups: list(n.target_groups), language: n.language, state: n.state })
		),
		activities: activities.map(
			(a): GapActivity => ({ id: a.id, title: a.title, actorName: a.actor_name, actionFieldId: a.action_field_id, targetGroups: list(a.target_groups), languages: list(a.languages) })
		),
		goals: goals.map(plan),
		measures: measures.map(plan)
	};
}

export async function gapDistricts(db: Q, municipalityId: string) {
	return db.selectFrom('district').select(['id', 'name']).where('municipality_id', '=', municipalityId).orderBy('name').execute();
}
