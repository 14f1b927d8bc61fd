import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { bool } from '../core/command';
import { newId } from '../core/ids';
import type { MeasureData } from './measure-input';
import { checkActionField, checkActors, checkGoals, ReferenceErrors, unique } from './references';

type Trx = Transaction<Database>;

/** Checks every reference of a measure in this municipality and plan; throws all problems together. */
export async function checkMeasureReferences(trx: Trx, municipalityId: string, planId: string, m: MeasureData, currentFieldId?: string): Promise<void> {
	const errs = new ReferenceErrors();
	await checkActionField(trx, municipalityId, m.actionFieldId, errs, currentFieldId);
	await checkGoals(trx, municipalityId, planId, unique(m.goalIds), 'goalIds', errs);
	if (m.leadActorId) await checkActors(trx, municipalityId, [m.leadActorId], 'leadActorId', errs);
	await checkActors(trx, municipalityId, unique(m.partnerActorIds), 'partnerActorIds', errs);
	errs.throwIfAny();
}

/** Partners without duplicates and without the lead (the lead is responsible, not also a partner). */
export const partnersOf = (m: MeasureData): string[] => unique(m.partnerActorIds).filter((a) => a !== m.leadActorId);

export function measureColumns(m: MeasureData) {
	return {
		action_field_id: m.actionFieldId,
		title: m.title,
		description: m.description,
		lead_actor_id: m.leadActorId,
		start_date: m.startDate,
		end_date: m.endDate,
		cost_cents: m.costCents,
		funding_source: m.fundingSource,
		spatial_scope: m.spatialScope,
		site_label: m.siteLabel,
		site_lat: m.siteLat,
		site_lon: m.siteLon,
		decidable_locally: bool(m.decidableLocally),
		integrated: bool(m.integrated),
		starter_project: bool(m.starterProject),
		status: m.status
	};
}

/**
 * Replaces goals and partners of a measure and brings its milestones in line with the input: milestones
 * whose id the input names are updated in place (ids stay stable), others are added, missing ones deleted.
 */
export async function writeMeasureChildren(trx: Trx, municipalityId: string, measureId: string, m: MeasureData, existingMilestoneIds: ReadonlySet<string> = new Set()): Promise<void> {
	await trx.deleteFrom('measure_goal').where('municipality_id', '=', municipalityId).where('measure_id', '=', measureId).execute();
	await trx.deleteFrom('measure_partner').where('municipality_id', '=', municipalityId).where('measure_id', '=', measureId).execute();
	const goals = unique(m.goalIds);
	if (goals.length) await trx.insertInto('measure_goal').values(goals.map((g) => ({ municipality_id: municipalityId, measure_id: measureId, goal_id: g }))).execute();
	const partners = partnersOf(m);
	if (partners.length) await trx.insertInto('measure_partner').values(partners.map((a) => ({ municipality_id: municipalityId, measure_id: measureId, actor_id: a }))).execute();

	const kept = new Set<string>();
	for (const [i, ms] of m.milestones.entries()) {
		const values = { title: ms.title, due_date: ms.dueDate, done: bool(ms.done), sort_order: (i + 1) * 10 };
		if (ms.id && existingMilestoneIds.has(ms.id) && !kept.has(ms.id)) {
			kept.add(ms.id);
			await trx.updateTable('milestone').set(values).where('municipality_id', '=', municipalityId).where('measure_id', '=', measureId).where('id', '=', ms.id).execute();
		} else {
			await trx.insertInto('milestone').values({ id: newId(), municipality_id: municipalityId, measure_id: measureId, ...values }).execute();
		}
	}
	const removed = [...existingMilestoneIds].filter((id) => !kept.has(id));
	if (removed.length) await trx.deleteFrom('milestone').where('municipality_id', '=', municipalityId).where('measure_id', '=', measureId).where('id', 'in', removed).execute();
}
