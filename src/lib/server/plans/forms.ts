/** Conversions between the plan forms (flat string values) and command inputs / stored rows. */
import type { FormValues } from '../forms';
import { collectRows, rowsToValues } from '../../domain/plans';
import { centsToGermanDecimal } from '../../domain/money';
import type { Goal } from './goals.repository';
import type { Measure } from './measures.repository';
import type { ActionPlan } from './plans.repository';

export const MEASURE_MULTI = ['goalIds', 'partnerActorIds'] as const;
export const GOAL_MULTI = ['conceptGoalIds'] as const;

/** Empty milestone rows shown below the filled ones; "another row" adds one (works without JavaScript). */
export const DEFAULT_BLANK_ROWS = 2;
export const MAX_BLANK_ROWS = 20;

export function blankRows(values: FormValues): number {
	const n = Number(values._blank);
	return Number.isInteger(n) && n >= 0 && n <= MAX_BLANK_ROWS ? n : DEFAULT_BLANK_ROWS;
}

/** The command input of a measure form: milestone rows become a list (empty rows dropped). */
export function measureFormInput(values: FormValues): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) if (!k.startsWith('milestones.') && !k.startsWith('_')) out[k] = v;
	out.milestones = collectRows(values, 'milestones');
	return out;
}

/**
 * The values to show again after a failed submit: milestone rows compacted the same way as the input,
 * so that error paths like "milestones.1.dueDate" point at the row shown as row 2.
 */
export function compactMeasureValues(values: FormValues, extraBlank = 0): FormValues {
	const out: FormValues = {};
	for (const [k, v] of Object.entries(values)) if (!k.startsWith('milestones.')) out[k] = v;
	Object.assign(out, rowsToValues('milestones', collectRows(values, 'milestones')));
	out._blank = String(Math.min(blankRows(values) + extraBlank, MAX_BLANK_ROWS));
	return out;
}

export function measureValues(m: Measure): FormValues {
	const v: FormValues = {
		actionFieldId: m.actionFieldId,
		title: m.title,
		description: m.description,
		goalIds: m.goals.map((g) => g.id),
		leadActorId: m.leadActorId ?? '',
		partnerActorIds: m.partners.map((p) => p.id),
		startDate: m.startDate ?? '',
		endDate: m.endDate ?? '',
		cost: m.costCents === null ? '' : centsToGermanDecimal(m.costCents),
		fundingSource: m.fundingSource,
		spatialScope: m.spatialScope,
		siteLabel: m.siteLabel,
		siteLat: m.siteLat === null ? '' : String(m.siteLat).replace('.', ','),
		siteLon: m.siteLon === null ? '' : String(m.siteLon).replace('.', ','),
		status: m.status,
		_blank: String(m.milestones.length ? 1 : DEFAULT_BLANK_ROWS)
	};
	if (m.decidableLocally) v.decidableLocally = 'on';
	if (m.integrated) v.integrated = 'on';
	if (m.starterProject) v.starterProject = 'on';
	m.milestones.forEach((ms, i) => {
		v[`milestones.${i}.id`] = ms.id;
		v[`milestones.${i}.title`] = ms.title;
		v[`milestones.${i}.dueDate`] = ms.dueDate;
		if (ms.done) v[`milestones.${i}.done`] = 'on';
	});
	return v;
}

export function goalValues(g: Goal): FormValues {
	return {
		parentGoalId: g.parentGoalId ?? '',
		actionFieldId: g.actionFieldId,
		title: g.title,
		description: g.description,
		priority: String(g.priority),
		timeHorizon: g.timeHorizon ?? '',
		operationalisation: g.operationalisation,
		conceptGoalIds: g.conceptGoals.map((c) => c.id)
	};
}

export function planValues(p: ActionPlan): FormValues {
	return { title: p.title, introOrigin: p.intro.origin, introFunction: p.intro.function, introScope: p.intro.scope, reportingRules: p.reportingRules, evaluationRules: p.evaluationRules, revisionRules: p.revisionRules };
}
