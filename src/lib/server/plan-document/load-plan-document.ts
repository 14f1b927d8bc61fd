import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Locale } from '../../i18n/locales';
import { translator } from '../../i18n';
import { findMunicipalityById } from '../municipalities/municipalities.repository';
import { findDistrict } from '../districts/districts.repository';
import { findDistrictConcept, listCityConcepts } from '../concepts/concepts.repository';
import { listActors } from '../actors/actors.repository';
import { findPlan } from '../plans/plans.repository';
import { listActionFields } from '../plans/action-fields.repository';
import { listGoals } from '../plans/goals.repository';
import { listMeasures } from '../plans/measures.repository';
import { loadInventory } from './inventory';
import type { DocActor, PlanDocument } from './plan-document';

/**
 * Everything the document of the LIVING plan needs, in a fixed number of queries (independent of the number
 * of measures). Returns undefined when the plan does not exist in this municipality. `locale` only affects the
 * statistics figures (their labels are drawn into the chart and map).
 */
export async function loadPlanDocument(db: Kysely<Database>, municipalityId: string, planId: string, locale: Locale): Promise<PlanDocument | undefined> {
	const plan = await findPlan(db, municipalityId, planId);
	if (!plan) return undefined;
	const [municipality, district, concept, cityConcepts, actors, fields, goals, measures, inventory] = await Promise.all([
		findMunicipalityById(db, municipalityId),
		findDistrict(db, municipalityId, plan.districtId),
		findDistrictConcept(db, municipalityId, plan.districtId),
		listCityConcepts(db, municipalityId),
		listActors(db, municipalityId),
		listActionFields(db, municipalityId),
		listGoals(db, municipalityId, plan.id),
		listMeasures(db, municipalityId, { planId: plan.id }),
		loadInventory(db, municipalityId, plan.districtId, locale, translator(locale))
	]);
	const conceptOfGoal = new Map(cityConcepts.flatMap((c) => c.goals.map((g) => [g.id, c.title] as const)));
	const kindOf = new Map(actors.map((a) => [a.id, a.kind as string]));
	const actor = (a: { id: string; name: string }): DocActor => ({ id: a.id, name: a.name, kind: kindOf.get(a.id) ?? '' });
	// only the fields of action the plan uses (inactive ones too, if old goals or measures still use them)
	const used = new Set([...goals.map((g) => g.actionFieldId), ...measures.map((m) => m.actionFieldId)]);
	return {
		municipality: { name: municipality?.name ?? '' },
		district: { id: plan.districtId, name: plan.districtName, code: district?.code ?? '' },
		plan: {
			id: plan.id,
			title: plan.title,
			introduction: plan.introduction,
			reportingRules: plan.reportingRules,
			evaluationRules: plan.evaluationRules,
			revisionRules: plan.revisionRules
		},
		version: { state: 'working', number: null, date: plan.updatedAt, resolution: null },
		concept: concept
			? {
					conceptType: concept.conceptType,
					approaches: concept.approaches,
					integrationUnderstanding: concept.integrationUnderstanding,
					phase: concept.phase,
					resources: concept.resources
				}
			: null,
		actionFields: fields.filter((f) => used.has(f.id)).map((f) => ({ id: f.id, name: f.name, description: f.description })),
		goals: goals.map((g) => ({
			id: g.id,
			parentGoalId: g.parentGoalId,
			actionFieldId: g.actionFieldId,
			title: g.title,
			description: g.description,
			priority: g.priority,
			timeHorizon: g.timeHorizon,
			operationalisation: g.operationalisation,
			conceptGoals: g.conceptGoals.map((c) => ({ code: c.code, title: c.title, conceptTitle: conceptOfGoal.get(c.id) ?? '' }))
		})),
		measures: measures.map((m) => ({
			id: m.id,
			actionFieldId: m.actionFieldId,
			title: m.title,
			description: m.description,
			lead: m.leadActorId && m.leadActorName ? actor({ id: m.leadActorId, name: m.leadActorName }) : null,
			partners: m.partners.map(actor),
			goalIds: m.goals.map((g) => g.id),
			startDate: m.startDate,
			endDate: m.endDate,
			milestones: m.milestones.map((s) => ({ title: s.title, dueDate: s.dueDate, done: s.done })),
			costCents: m.costCents,
			fundingSource: m.fundingSource,
			spatialScope: m.spatialScope,
			siteLabel: m.siteLabel,
			siteLat: m.siteLat,
			siteLon: m.siteLon,
			decidableLocally: m.decidableLocally,
			integrated: m.integrated,
			starterProject: m.starterProject,
			status: m.status
		})),
		inventory,
		generatedAt: new Date().toISOString()
	};
}
