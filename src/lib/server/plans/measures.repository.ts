import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { MeasureStatus, SpatialScope } from '../../domain/plans';

type Q = Kysely<Database>;

export interface MeasureFilter {
	planId?: string;
	measureId?: string;
	actionFieldId?: string;
	goalId?: string;
	/** An actor id, or 'none' for measures without a lead. */
	leadActorId?: string;
	status?: string;
	/** Measures where one of these actors is lead or partner ("my measures"). */
	involvedActorIds?: string[];
}

export interface Milestone {
	id: string;
	title: string;
	dueDate: string;
	done: boolean;
	sortOrder: number;
}

export interface Measure {
	id: string;
	planId: string;
	planTitle: string;
	districtId: string;
	districtName: string;
	actionFieldId: string;
	actionFieldName: string;
	title: string;
	description: string;
	leadActorId: string | null;
	leadActorName: string | null;
	startDate: string | null;
	endDate: string | null;
	costCents: number | null;
	fundingSource: string;
	spatialScope: SpatialScope;
	siteLabel: string;
	siteLat: number | null;
	siteLon: number | null;
	decidableLocally: boolean;
	integrated: boolean;
	starterProject: boolean;
	status: MeasureStatus;
	goals: { id: string; title: string; priority: number; actionFieldId: string; actionFieldName: string }[];
	partners: { id: string; name: string }[];
	milestones: Milestone[];
	createdAt: string;
	updatedAt: string;
}

/** The ids of the measures matching a filter, as a subquery (reused by the detail queries). */
function matchingIds(db: Q, municipalityId: string, f: MeasureFilter): SelectQueryBuilder<Database, 'measure', { id: string }> {
	let q = db.selectFrom('measure').select('measure.id').where('measure.municipality_id', '=', municipalityId);
	if (f.planId) q = q.where('measure.action_plan_id', '=', f.planId);
	if (f.measureId) q = q.where('measure.id', '=', f.measureId);
	if (f.actionFieldId) q = q.where('measure.action_field_id', '=', f.actionFieldId);
	if (f.leadActorId === 'none') q = q.where('measure.lead_actor_id', 'is', null);
	else if (f.leadActorId) q = q.where('measure.lead_actor_id', '=', f.leadActorId);
	if (f.status) q = q.where('measure.status', '=', f.status);
	if (f.goalId) {
		const goalId = f.goalId;
		q = q.where((eb) =>
			eb.exists(
				eb
					.selectFrom('measure_goal as mg')
					.select('mg.measure_id')
					.whereRef('mg.measure_id', '=', 'measure.id')
					.where('mg.municipality_id', '=', municipalityId)
					.where('mg.goal_id', '=', goalId)
			)
		);
	}
	if (f.involvedActorIds) {
		const actors = f.involvedActorIds;
		if (actors.length === 0) return q.where('measure.id', '=', '00000000-0000-0000-0000-000000000000');
		q = q.where((eb) =>
			eb.or([
				eb('measure.lead_actor_id', 'in', actors),
				eb.exists(
					eb
						.selectFrom('measure_partner as mp')
						.select('mp.measure_id')
						.whereRef('mp.measure_id', '=', 'measure.id')
						.where('mp.municipality_id', '=', municipalityId)
						.where('mp.actor_id', 'in', actors)
				)
			])
		);
	}
	return q;
}

const collator = new Intl.Collator('de');

/**
 * Measures matching the filter with their goals, partners and milestones: four queries regardless of the
 * number of measures (the plan table must not query per row). Ordered by field of action, then title.
 */
export async function listMeasures(db: Q, municipalityId: string, filter: MeasureFilter = {}): Promise<Measure[]> {
	const ids = matchingIds(db, municipalityId, filter);
	const [rows, goals, partners, milestones] = await Promise.all([
		db
			.selectFrom('measure as m')
			.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'm.action_plan_id').onRef('p.municipality_id', '=', 'm.municipality_id'))
			.innerJoin('district as d', (j) => j.onRef('d.id', '=', 'p.district_id').onRef('d.municipality_id', '=', 'p.municipality_id'))
			.innerJoin('action_field as f', (j) => j.onRef('f.id', '=', 'm.action_field_id').onRef('f.municipality_id', '=', 'm.municipality_id'))
			.leftJoin('actor as a', (j) => j.onRef('a.id', '=', 'm.lead_actor_id').onRef('a.municipality_id', '=', 'm.municipality_id'))
			.selectAll('m')
			.select(['p.title as plan_title', 'p.district_id', 'd.name as district_name', 'f.name as field_name', 'f.sort_order as field_sort', 'a.name as lead_name'])
			.where('m.municipality_id', '=', municipalityId)
			.where('m.id', 'in', ids)
			.execute(),
		db
			.selectFrom('measure_goal as mg')
			.innerJoin('goal as g', (j) => j.onRef('g.id', '=', 'mg.goal_id').onRef('g.municipality_id', '=', 'mg.municipality_id'))
			.innerJoin('action_field as f', (j) => j.onRef('f.id', '=', 'g.action_field_id').onRef('f.municipality_id', '=', 'g.municipality_id'))
			.select(['mg.measure_id', 'g.id', 'g.title', 'g.priority', 'g.action_field_id', 'f.name as field_name'])
			.where('mg.municipality_id', '=', municipalityId)
			.where('mg.measure_id', 'in', ids)
			.execute(),
		db
			.selectFrom('measure_partner as mp')
			.innerJoin('actor as a', (j) => j.onRef('a.id', '=', 'mp.actor_id').onRef('a.municipality_id', '=', 'mp.municipality_id'))
			.select(['mp.measure_id', 'a.id', 'a.name'])
			.where('mp.municipality_id', '=', municipalityId)
			.where('mp.measure_id', 'in', ids)
			.execute(),
		db
			.selectFrom('milestone')
			.select(['measure_id', 'id', 'title', 'due_date', 'done', 'sort_order'])
			.where('municipality_id', '=', municipalityId)
			.where('measure_id', 'in', ids)
			.execute()
	]);
	const group = <T extends { measure_id: string }>(list: T[]) => {
		const map = new Map<string, T[]>();
		for (const r of list) (map.get(r.measure_id) ?? map.set(r.measure_id, []).get(r.measure_id)!).push(r);
		return map;
	};
	const g = group(goals);
	const p = group(partners);
	const ms = group(milestones);
	return rows
		.map((r) => ({
			sort: r.field_sort,
			m: {
				id: r.id,
				planId: r.action_plan_id,
				planTitle: r.plan_title,
				districtId: r.district_id,
				districtName: r.district_name,
				actionFieldId: r.action_field_id,
				actionFieldName: r.field_name,
				title: r.title,
				description: r.description,
				leadActorId: r.lead_actor_id,
				leadActorName: r.lead_name,
				startDate: r.start_date,
				endDate: r.end_date,
				costCents: r.cost_cents === null ? null : Number(r.cost_cents),
				fundingSource: r.funding_source,
				spatialScope: r.spatial_scope as SpatialScope,
				siteLabel: r.site_label,
				siteLat: r.site_lat,
				siteLon: r.site_lon,
				decidableLocally: r.decidable_locally === 1,
				integrated: r.integrated === 1,
				starterProject: r.starter_project === 1,
				status: r.status as MeasureStatus,
				goals: (g.get(r.id) ?? [])
					.map((x) => ({ id: x.id, title: x.title, priority: x.priority, actionFieldId: x.action_field_id, actionFieldName: x.field_name }))
					.sort((a, b) => a.priority - b.priority || collator.compare(a.title, b.title)),
				partners: (p.get(r.id) ?? []).map((x) => ({ id: x.id, name: x.name })).sort((a, b) => collator.compare(a.name, b.name)),
				milestones: (ms.get(r.id) ?? [])
					.map((x) => ({ id: x.id, title: x.title, dueDate: x.due_date, done: x.done === 1, sortOrder: x.sort_order }))
					.sort((a, b) => a.sortOrder - b.sortOrder),
				createdAt: r.created_at,
				updatedAt: r.updated_at
			} satisfies Measure
		}))
		.sort((a, b) => a.sort - b.sort || collator.compare(a.m.title, b.m.title))
		.map((x) => x.m);
}

export async function findMeasure(db: Q, municipalityId: string, id: string): Promise<Measure | undefined> {
	return (await listMeasures(db, municipalityId, { measureId: id }))[0];
}

export async function countMeasures(db: Q, municipalityId: string, planId: string): Promise<number> {
	const r = await db
		.selectFrom('measure')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Reads the table filters from a query string; unknown values are ignored rather than failing the page. */
export function measureFilterFromQuery(params: URLSearchParams, statuses: readonly string[]): Pick<MeasureFilter, 'actionFieldId' | 'goalId' | 'leadActorId' | 'status'> {
	const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	const id = (k: string) => {
		const v = params.get(k) ?? '';
		return uuid.test(v) ? v : undefined;
	};
	const lead = params.get('lead');
	const status = params.get('status') ?? '';
	return {
		actionFieldId: id('field'),
		goalId: id('goal'),
		leadActorId: lead === 'none' ? 'none' : id('lead'),
		status: statuses.includes(status) ? status : undefined
	};
}
