/** Choices offered by the goal and measure forms of a plan (a fixed number of queries). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { goalTree, measureStatuses, spatialScopes } from '../../domain/plans';
import { listActionFields } from './action-fields.repository';
import { listGoals } from './goals.repository';
import { listActorRefs, listConceptGoalRefs } from './plans.repository';

/** Active fields, plus the inactive one already assigned (so editing does not silently change it). */
async function fieldChoices(db: Kysely<Database>, municipalityId: string, currentId?: string) {
	const all = await listActionFields(db, municipalityId);
	return all.filter((f) => f.active || f.id === currentId).map((f) => ({ id: f.id, name: f.name, active: f.active }));
}

export async function goalFormOptions(db: Kysely<Database>, municipalityId: string, planId: string, current?: { id: string; actionFieldId: string }) {
	const [fields, goals, conceptGoals] = await Promise.all([
		fieldChoices(db, municipalityId, current?.actionFieldId),
		listGoals(db, municipalityId, planId),
		listConceptGoalRefs(db, municipalityId)
	]);
	// A goal cannot move below itself or its descendants: leave those out of the parent choices.
	const excluded = new Set<string>();
	if (current) {
		excluded.add(current.id);
		let grew = true;
		while (grew) {
			grew = false;
			for (const g of goals) if (g.parentGoalId && excluded.has(g.parentGoalId) && !excluded.has(g.id)) (excluded.add(g.id), (grew = true));
		}
	}
	const parents = goalTree(goals)
		.filter((g) => !excluded.has(g.id))
		.map((g) => ({ id: g.id, title: g.title, depth: g.depth }));
	return { fields, parents, conceptGoals };
}

export async function measureFormOptions(db: Kysely<Database>, municipalityId: string, planId: string, currentFieldId?: string) {
	const [fields, goals, actors] = await Promise.all([fieldChoices(db, municipalityId, currentFieldId), listGoals(db, municipalityId, planId), listActorRefs(db, municipalityId)]);
	return {
		fields,
		goals: goalTree(goals).map((g) => ({ id: g.id, title: g.title, actionFieldName: g.actionFieldName, priority: g.priority, depth: g.depth })),
		actors,
		statuses: measureStatuses,
		scopes: spatialScopes
	};
}
