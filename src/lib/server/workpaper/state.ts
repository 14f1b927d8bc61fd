import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { canonicalRow } from '../../domain/workpaper';
import { listMeasures } from '../plans/measures.repository';
import { findPlan, type ActionPlan } from '../plans/plans.repository';
import type { CurrentMeasure, References } from './preview';
import { vocabulary } from './rows';
import { loadVocabularyNames } from './workpaper.repository';

/** Everything a working paper is written from and read against: the plan's measures and the names they use. */
export async function loadPlanState(db: Kysely<Database>, municipalityId: string, planId: string) {
	const plan: ActionPlan | undefined = await findPlan(db, municipalityId, planId);
	if (!plan) return undefined;
	const [measures, names] = await Promise.all([listMeasures(db, municipalityId, { planId }), loadVocabularyNames(db, municipalityId, planId)]);
	const current: CurrentMeasure[] = measures.map((m) => ({
		id: m.id,
		updatedAt: m.updatedAt,
		row: canonicalRow(m),
		milestones: m.milestones.map((x) => ({ id: x.id, title: x.title }))
	}));
	const refs: References = {
		fields: new Map(names.fields.map((f) => [f.name, f.id])),
		goals: new Map(names.goals.map((g) => [g.title, g.id])),
		actors: new Map(names.actors.map((a) => [a.name, a.id]))
	};
	const listNames = {
		actionFields: names.fields.filter((f) => f.active).map((f) => f.name),
		goals: names.goals.map((g) => g.title),
		actors: names.actors.map((a) => a.name)
	};
	// Reading accepts inactive fields of action too: a measure may still sit in one.
	const vocab = vocabulary({ ...listNames, actionFields: names.fields.map((f) => f.name) });
	return { plan, measures, current, refs, listNames, vocab };
}
