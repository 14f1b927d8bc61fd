/**
 * Comparison of two plan snapshots (versions, or a version and the working draft): goals and measures added,
 * removed and changed field by field. Items are matched by id (ids stay stable while the living plan is
 * edited). Values are compared as the plan reads: references are resolved to names within each snapshot,
 * so "lead: Jugendamt → Gesundheitsamt" shows names as they were in each version.
 */
import { ruleKinds, snapshotIndex, snapshotIntro, type PlanSnapshot, type SnapshotGoal, type SnapshotMeasure } from './snapshot';

/** How a value is presented (the page formats money, dates, enumerations and lists by kind). */
export type ValueKind = 'text' | 'longText' | 'date' | 'money' | 'status' | 'scope' | 'priority' | 'bool' | 'number' | 'name' | 'names' | 'milestones' | 'interval';

export interface FieldValue {
	field: string;
	kind: ValueKind;
	value: unknown;
}
export interface FieldChange {
	field: string;
	kind: ValueKind;
	before: unknown;
	after: unknown;
}
export interface ItemSummary {
	id: string;
	title: string;
	actionFieldName: string;
	values: FieldValue[];
}
export interface ItemChange {
	id: string;
	title: string;
	actionFieldName: string;
	changes: FieldChange[];
}
export interface ItemDiff {
	added: ItemSummary[];
	removed: ItemSummary[];
	changed: ItemChange[];
}
export interface PlanDiff {
	plan: FieldChange[];
	goals: ItemDiff;
	measures: ItemDiff;
}

export interface DiffOptions {
	/** Leave out what changes during implementation (measure status, milestones done), to see content changes only. */
	ignoreProgress?: boolean;
}

type Index = ReturnType<typeof snapshotIndex>;

function goalValues(g: SnapshotGoal, ix: Index): FieldValue[] {
	return [
		{ field: 'actionField', kind: 'name', value: ix.fieldName(g.actionFieldId) },
		{ field: 'parentGoal', kind: 'name', value: ix.goalTitle(g.parentGoalId) },
		{ field: 'title', kind: 'text', value: g.title },
		{ field: 'description', kind: 'longText', value: g.description },
		{ field: 'priority', kind: 'priority', value: g.priority },
		{ field: 'timeHorizon', kind: 'date', value: g.timeHorizon },
		{ field: 'operationalisation', kind: 'longText', value: g.operationalisation },
		{ field: 'conceptGoals', kind: 'names', value: g.conceptGoalIds.map(ix.conceptGoalLabel).sort(collator.compare) }
	];
}

function measureValues(m: SnapshotMeasure, ix: Index, opts: DiffOptions): FieldValue[] {
	const out: FieldValue[] = [
		{ field: 'actionField', kind: 'name', value: ix.fieldName(m.actionFieldId) },
		{ field: 'title', kind: 'text', value: m.title },
		{ field: 'description', kind: 'longText', value: m.description },
		{ field: 'goals', kind: 'names', value: m.goalIds.map((id) => ix.goalTitle(id) ?? '').sort(collator.compare) },
		{ field: 'lead', kind: 'name', value: ix.actorName(m.leadActorId) },
		{ field: 'partners', kind: 'names', value: m.partnerActorIds.map((id) => ix.actorName(id) ?? '').sort(collator.compare) },
		{ field: 'startDate', kind: 'date', value: m.startDate },
		{ field: 'endDate', kind: 'date', value: m.endDate },
		{
			field: 'milestones',
			kind: 'milestones',
			value: m.milestones.map((x) => (opts.ignoreProgress ? { title: x.title, dueDate: x.dueDate } : { title: x.title, dueDate: x.dueDate, done: x.done }))
		},
		{ field: 'cost', kind: 'money', value: m.costCents },
		{ field: 'fundingSource', kind: 'text', value: m.fundingSource },
		{ field: 'spatialScope', kind: 'scope', value: m.spatialScope },
		{ field: 'siteLabel', kind: 'text', value: m.siteLabel },
		{ field: 'siteLat', kind: 'number', value: m.siteLat },
		{ field: 'siteLon', kind: 'number', value: m.siteLon },
		{ field: 'decidableLocally', kind: 'bool', value: m.decidableLocally },
		{ field: 'integrated', kind: 'bool', value: m.integrated },
		{ field: 'starterProject', kind: 'bool', value: m.starterProject },
		{ field: 'status', kind: 'status', value: m.status }
	];
	return opts.ignoreProgress ? out.filter((v) => v.field !== 'status') : out;
}

/** The plan's own fields: title, the three parts of the introduction and the three rules. */
export function planValues(s: PlanSnapshot): FieldValue[] {
	const intro = snapshotIntro(s);
	const out: FieldValue[] = [
		{ field: 'title', kind: 'text', value: s.plan.title },
		{ field: 'introOrigin', kind: 'longText', value: intro.origin },
		{ field: 'introFunction', kind: 'longText', value: intro.function },
		{ field: 'introScope', kind: 'longText', value: intro.scope }
	];
	for (const k of ruleKinds) {
		const r = s.plan.rules[k];
		out.push({ field: `${k}By`, kind: 'text', value: r.by });
		if (k === 'reporting') out.push({ field: 'reportingTo', kind: 'text', value: r.to });
		out.push({ field: `${k}Interval`, kind: 'interval', value: r.intervalMonths });
		out.push({ field: `${k}NextDate`, kind: 'date', value: r.nextDate });
		out.push({ field: `${k}Notes`, kind: 'longText', value: r.notes });
	}
	return out;
}

const collator = new Intl.Collator('de');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function changes(before: FieldValue[], after: FieldValue[]): FieldChange[] {
	const out: FieldChange[] = [];
	for (const [i, b] of before.entries()) {
		const a = after[i];
		if (!same(b.value, a.value)) out.push({ field: b.field, kind: b.kind, before: b.value, after: a.value });
	}
	return out;
}

function diffItems<T extends { id: string; title: string; actionFieldId: string }>(
	from: readonly T[],
	to: readonly T[],
	ixFrom: Index,
	ixTo: Index,
	values: (item: T, ix: Index) => FieldValue[]
): ItemDiff {
	const fromById = new Map(from.map((x) => [x.id, x]));
	const toById = new Map(to.map((x) => [x.id, x]));
	const summary = (x: T, ix: Index): ItemSummary & { order: number } => ({
		id: x.id,
		title: x.title,
		actionFieldName: ix.fieldName(x.actionFieldId),
		values: values(x, ix),
		order: ix.fieldOrder(x.actionFieldId)
	});
	const byOrder = (a: { order: number; title: string }, b: { order: number; title: string }) => a.order - b.order || collator.compare(a.title, b.title);
	const strip = <S extends { order: number }>({ order: _o, ...rest }: S) => rest;
	const added = to.filter((x) => !fromById.has(x.id)).map((x) => summary(x, ixTo));
	const removed = from.filter((x) => !toById.has(x.id)).map((x) => summary(x, ixFrom));
	const changed: (ItemChange & { order: number })[] = [];
	for (const x of to) {
		const old = fromById.get(x.id);
		if (!old) continue;
		const c = changes(values(old, ixFrom), values(x, ixTo));
		if (c.length) changed.push({ id: x.id, title: x.title, actionFieldName: ixTo.fieldName(x.actionFieldId), changes: c, order: ixTo.fieldOrder(x.actionFieldId) });
	}
	return {
		added: added.sort(byOrder).map(strip),
		removed: removed.sort(byOrder).map(strip),
		changed: changed.sort(byOrder).map(strip) as ItemChange[]
	};
}

/** What changed from `from` to `to`. diffSnapshots(s, s) is empty. */
export function diffSnapshots(from: PlanSnapshot, to: PlanSnapshot, opts: DiffOptions = {}): PlanDiff {
	const ixFrom = snapshotIndex(from);
	const ixTo = snapshotIndex(to);
	return {
		plan: changes(planValues(from), planValues(to)),
		goals: diffItems(from.goals, to.goals, ixFrom, ixTo, goalValues),
		measures: diffItems(from.measures, to.measures, ixFrom, ixTo, (m, ix) => measureValues(m, ix, opts))
	};
}

export const isEmptyDiff = (d: PlanDiff): boolean =>
	d.plan.length === 0 && [d.goals, d.measures].every((x) => x.added.length === 0 && x.removed.length === 0 && x.changed.length === 0);

export function diffCounts(d: PlanDiff) {
	return {
		plan: d.plan.length,
		goals: { added: d.goals.added.length, removed: d.goals.removed.length, changed: d.goals.changed.length },
		measures: { added: d.measures.added.length, removed: d.measures.removed.length, changed: d.measures.changed.length }
	};
}

export { goalValues as goalFieldValues, measureValues as measureFieldValues };
