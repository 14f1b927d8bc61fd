import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import {
	startingDecisions,
	type CityConceptKind,
	type ConceptApproach,
	type ConceptPhase,
	type ConceptType,
	type DecisionState,
	type StartingDecisionKey
} from './concept-model';

type Q = Kysely<Database> | Transaction<Database>;

export interface ConceptGoal {
	id: string;
	conceptId: string;
	code: string;
	title: string;
	description: string;
}

export interface CityConcept {
	id: string;
	kind: CityConceptKind;
	title: string;
	year: number | null;
	description: string;
	createdAt: string;
	updatedAt: string;
}

export interface CityConceptWithGoals extends CityConcept {
	goals: ConceptGoal[];
}

/** A concept goal with its concept, for select boxes of district goals ("concretises goal X of concept Y"). */
export interface ConceptGoalOption {
	id: string;
	code: string;
	title: string;
	conceptId: string;
	conceptTitle: string;
	conceptKind: CityConceptKind;
}

export interface StartingDecision {
	decision: StartingDecisionKey;
	state: DecisionState;
	note: string;
	updatedAt: string | null;
}

export interface DistrictConcept {
	id: string;
	districtId: string;
	conceptType: ConceptType;
	approaches: ConceptApproach[];
	integrationUnderstanding: string;
	phase: ConceptPhase;
	resources: string;
	decisions: StartingDecision[];
	createdAt: string;
	updatedAt: string;
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

const toConcept = (r: Database['city_concept']): CityConcept => ({
	id: r.id,
	kind: r.kind as CityConceptKind,
	title: r.title,
	year: r.year === null ? null : Number(r.year),
	description: r.description,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

const toGoal = (r: Database['concept_goal']): ConceptGoal => ({
	id: r.id,
	conceptId: r.city_concept_id,
	code: r.code,
	title: r.title,
	description: r.description
});

const byGoalOrder = (a: { code: string; title: string }, b: { code: string; title: string }) =>
	collator.compare(a.code, b.code) || collator.compare(a.title, b.title);

/** Newest concepts first (by year), then by title. */
const byConceptOrder = (a: CityConcept, b: CityConcept) => (b.year ?? 0) - (a.year ?? 0) || collator.compare(a.title, b.title);

export async function listCityConcepts(db: Q, municipalityId: string): Promise<CityConceptWithGoals[]> {
	const [concepts, goals] = await Promise.all([
		db.selectFrom('city_concept').selectAll().where('municipality_id', '=', municipalityId).execute(),
		db.selectFrom('concept_goal').selectAll().where('municipality_id', '=', municipalityId).execute()
	]);
	return concepts
		.map(toConcept)
		.sort(byConceptOrder)
		.map((c) => ({ ...c, goals: goals.filter((g) => g.city_concept_id === c.id).map(toGoal).sort(byGoalOrder) }));
}

export async function findCityConcept(db: Q, municipalityId: string, id: string): Promise<CityConceptWithGoals | undefined> {
	const r = await db.selectFrom('city_concept').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	if (!r) return undefined;
	const goals = await db
		.selectFrom('concept_goal')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('city_concept_id', '=', id)
		.execute();
	return { ...toConcept(r), goals: goals.map(toGoal).sort(byGoalOrder) };
}

export async function findConceptGoal(db: Q, municipalityId: string, id: string): Promise<ConceptGoal | undefined> {
	const r = await db.selectFrom('concept_goal').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toGoal(r);
}

/** Every concept goal of the municipality with its concept's title, ordered by concept and goal code. */
export async function listConceptGoals(db: Q, municipalityId: string): Promise<ConceptGoalOption[]> {
	const rows = await db
		.selectFrom('concept_goal')
		.innerJoin('city_concept', (j) =>
			j.onRef('city_concept.id', '=', 'concept_goal.city_concept_id').onRef('city_concept.municipality_id', '=', 'concept_goal.municipality_id')
		)
		.select([
			'concept_goal.id',
			'concept_goal.code',
			'concept_goal.title',
			'city_concept.id as concept_id',
			'city_concept.title as concept_title',
			'city_concept.kind as concept_kind'
		])
		.where('concept_goal.municipality_id', '=', municipalityId)
		.execute();
	return rows
		.map((r) => ({ id: r.id, code: r.code, title: r.title, conceptId: r.concept_id, conceptTitle: r.concept_title, conceptKind: r.concept_kind as CityConceptKind }))
		.sort((a, b) => collator.compare(a.conceptTitle, b.conceptTitle) || byGoalOrder(a, b));
}

/** Ids among `ids` that are concept goals of this municipality (to reject unknown or foreign links). */
export async function existingConceptGoalIds(db: Q, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('concept_goal').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

/** How many district goals link to the given concept goals. */
export async function countGoalLinks(db: Q, municipalityId: string, conceptGoalIds: string[]): Promise<number> {
	if (conceptGoalIds.length === 0) return 0;
	const r = await db
		.selectFrom('goal_concept_goal')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.where('concept_goal_id', 'in', conceptGoalIds)
		.executeTakeFirst();
	return Number(r?.n ?? 0);
}

/** The district concept with all six starting decisions (missing ones are reported as open). */
export async function findDistrictConcept(db: Q, municipalityId: string, districtId: string): Promise<DistrictConcept | undefined> {
	const r = await db
		.selectFrom('district_concept')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('district_id', '=', districtId)
		.executeTakeFirst();
	if (!r) return undefined;
	const rows = await db
		.selectFrom('starting_decision')
		.select(['decision', 'state', 'note', 'updated_at'])
		.where('municipality_id', '=', municipalityId)
		.where('district_concept_id', '=', r.id)
		.execute();
	const byKey = new Map(rows.map((d) => [d.decision, d]));
	return {
		id: r.id,
		districtId: r.district_id,
		conceptType: r.concept_type as ConceptType,
		approaches: JSON.parse(r.approaches) as ConceptApproach[],
		integrationUnderstanding: r.integration_understanding,
		phase: r.phase as ConceptPhase,
		resources: r.resources,
		decisions: startingDecisions.map((key) => {
			const d = byKey.get(key);
			return { decision: key, state: (d?.state ?? 'open') as DecisionState, note: d?.note ?? '', updatedAt: d?.updated_at ?? null };
		}),
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}
