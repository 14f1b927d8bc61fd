import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PlanIntro, PlanRules } from '../../domain/plans/snapshot';
import { parseContentLanguages } from '../../domain/plans/translations';

type Q = Kysely<Database>;

export interface ActionPlan {
	id: string;
	districtId: string;
	districtName: string;
	title: string;
	/** The introduction in the handbook's three parts: origin, function and scope of the plan. */
	intro: PlanIntro;
	/** Languages the plan's texts are translated into (German, the source, is not listed). */
	contentLanguages: string[];
	reportingRules: string;
	evaluationRules: string;
	revisionRules: string;
	/** Reporting, evaluation and revision: who, (to whom,) how often, next date; `notes` are the free texts above. */
	rules: PlanRules;
	createdAt: string;
	updatedAt: string;
}

export interface PlanSummary {
	id: string;
	title: string;
	districtId: string;
	districtName: string;
	goalCount: number;
	measureCount: number;
	updatedAt: string;
}

const planQuery = (db: Q, municipalityId: string) =>
	db
		.selectFrom('action_plan as p')
		.innerJoin('district as d', (j) => j.onRef('d.id', '=', 'p.district_id').onRef('d.municipality_id', '=', 'p.municipality_id'))
		.select([
			'p.id',
			'p.district_id',
			'd.name as district_name',
			'p.title',
			'p.intro_origin',
			'p.intro_function',
			'p.intro_scope',
			'p.content_languages',
			'p.reporting_rules',
			'p.evaluation_rules',
			'p.revision_rules',
			'p.reporting_by',
			'p.reporting_to',
			'p.reporting_interval_months',
			'p.reporting_next_date',
			'p.evaluation_by',
			'p.evaluation_interval_months',
			'p.evaluation_next_date',
			'p.revision_by',
			'p.revision_interval_months',
			'p.revision_next_date',
			'p.created_at',
			'p.updated_at'
		])
		.where('p.municipality_id', '=', municipalityId);

type PlanRow = Awaited<ReturnType<ReturnType<typeof planQuery>['executeTakeFirstOrThrow']>>;
const toPlan = (r: PlanRow): ActionPlan => ({
	id: r.id,
	districtId: r.district_id,
	districtName: r.district_name,
	title: r.title,
	intro: { origin: r.intro_origin, function: r.intro_function, scope: r.intro_scope },
	contentLanguages: parseContentLanguages(r.content_languages),
	reportingRules: r.reporting_rules,
	evaluationRules: r.evaluation_rules,
	revisionRules: r.revision_rules,
	rules: {
		reporting: { by: r.reporting_by, to: r.reporting_to, intervalMonths: r.reporting_interval_months, nextDate: r.reporting_next_date, notes: r.reporting_rules },
		evaluation: { by: r.evaluation_by, to: '', intervalMonths: r.evaluation_interval_months, nextDate: r.evaluation_next_date, notes: r.evaluation_rules },
		revision: { by: r.revision_by, to: '', intervalMonths: r.revision_interval_months, nextDate: r.revision_next_date, notes: r.revision_rules }
	},
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

export async function findPlan(db: Q, municipalityId: string, id: string): Promise<ActionPlan | undefined> {
	const r = await planQuery(db, municipalityId).where('p.id', '=', id).executeTakeFirst();
	return r && toPlan(r);
}

export async function findPlanByDistrict(db: Q, municipalityId: string, districtId: string): Promise<ActionPlan | undefined> {
	const r = await planQuery(db, municipalityId).where('p.district_id', '=', districtId).executeTakeFirst();
	return r && toPlan(r);
}

const collator = new Intl.Collator('de');

/** All plans with their district and the number of goals and measures (three queries, no per-row query). */
export async function listPlans(db: Q, municipalityId: string): Promise<PlanSummary[]> {
	const [plans, goals, measures] = await Promise.all([
		planQuery(db, municipalityId).execute(),
		db
			.selectFrom('goal')
			.select(['action_plan_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('municipality_id', '=', municipalityId)
			.groupBy('action_plan_id')
			.execute(),
		db
			.selectFrom('measure')
			.select(['action_plan_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('municipality_id', '=', municipalityId)
			.groupBy('action_plan_id')
			.execute()
	]);
	const g = new Map(goals.map((r) => [r.action_plan_id, Number(r.n)]));
	const m = new Map(measures.map((r) => [r.action_plan_id, Number(r.n)]));
	return plans
		.map((p) => ({
			id: p.id,
			title: p.title,
			districtId: p.district_id,
			districtName: p.district_name,
			goalCount: g.get(p.id) ?? 0,
			measureCount: m.get(p.id) ?? 0,
			updatedAt: p.updated_at
		}))
		.sort((a, b) => collator.compare(a.districtName, b.districtName));
}

export interface DistrictRef {
	id: string;
	name: string;
	code: string;
	planId: string | null;
}

/** Districts of the municipality with their plan (if any), read here so the plan pages need no other area. */
export async function listDistrictsWithPlans(db: Q, municipalityId: string): Promise<DistrictRef[]> {
	const rows = await db
		.selectFrom('district as d')
		.leftJoin('action_plan as p', (j) => j.onRef('p.district_id', '=', 'd.id').onRef('p.municipality_id', '=', 'd.municipality_id'))
		.select(['d.id', 'd.name', 'd.code', 'p.id as plan_id'])
		.where('d.municipality_id', '=', municipalityId)
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, planId: r.plan_id })).sort((a, b) => collator.compare(a.name, b.name));
}

export async function findDistrictRef(db: Q, municipalityId: string, id: string): Promise<DistrictRef | undefined> {
	const r = await db
		.selectFrom('district as d')
		.leftJoin('action_plan as p', (j) => j.onRef('p.district_id', '=', 'd.id').onRef('p.municipality_id', '=', 'd.municipality_id'))
		.select(['d.id', 'd.name', 'd.code', 'p.id as plan_id'])
		.where('d.municipality_id', '=', municipalityId)
		.where('d.id', '=', id)
		.executeTakeFirst();
	return r && { id: r.id, name: r.name, code: r.code, planId: r.plan_id };
}

export interface ActorRef {
	id: string;
	name: string;
}

/** Actors for the lead/partner choices and filters. */
export async function listActorRefs(db: Q, municipalityId: string): Promise<ActorRef[]> {
	const rows = await db.selectFrom('actor').select(['id', 'name']).where('municipality_id', '=', municipalityId).execute();
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

export interface ConceptGoalRef {
	id: string;
	code: string;
	title: string;
	conceptId: string;
	conceptTitle: string;
}

/** Goals of the city-wide concepts, which plan goals concretise. */
export async function listConceptGoalRefs(db: Q, municipalityId: string): Promise<ConceptGoalRef[]> {
	const rows = await db
		.selectFrom('concept_goal as g')
		.innerJoin('city_concept as c', (j) => j.onRef('c.id', '=', 'g.city_concept_id').onRef('c.municipality_id', '=', 'g.municipality_id'))
		.select(['g.id', 'g.code', 'g.title', 'c.id as concept_id', 'c.title as concept_title'])
		.where('g.municipality_id', '=', municipalityId)
		.execute();
	return rows
		.map((r) => ({ id: r.id, code: r.code, title: r.title, conceptId: r.concept_id, conceptTitle: r.concept_title }))
		.sort((a, b) => collator.compare(a.conceptTitle, b.conceptTitle) || collator.compare(a.code, b.code) || collator.compare(a.title, b.title));
}
