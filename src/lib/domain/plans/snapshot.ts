/**
 * The frozen content of a Local Action Plan version: everything a council resolution refers to, with the
 * names of fields of action, actors and city-wide goals as they were, so a version reads the same years later
 * even when actors are renamed or deleted. Stored as JSON in plan_version.snapshot; `schema` allows later
 * additions (readers must accept older snapshots).
 */
import type { MeasureStatus, SpatialScope } from '../plans';

export const SNAPSHOT_SCHEMA = 1 as const;

/** How often a rule applies, in months (monthly … every five years). */
export const ruleIntervals = [1, 3, 6, 12, 24, 36, 48, 60] as const;
export type RuleInterval = (typeof ruleIntervals)[number];

export const ruleKinds = ['reporting', 'evaluation', 'revision'] as const;
export type RuleKind = (typeof ruleKinds)[number];

/** One rule of the plan: who, how often, when next; reporting also says to whom. `notes`: form and instruments. */
export interface PlanRule {
	by: string;
	to: string; // only used by reporting ('' otherwise)
	intervalMonths: number | null;
	nextDate: string | null;
	notes: string;
}
export type PlanRules = Record<RuleKind, PlanRule>;

export interface SnapshotGoal {
	id: string;
	parentGoalId: string | null;
	actionFieldId: string;
	title: string;
	description: string;
	priority: number;
	timeHorizon: string | null;
	operationalisation: string;
	conceptGoalIds: string[];
}

export interface SnapshotMilestone {
	id: string;
	title: string;
	dueDate: string;
	done: boolean;
}

export interface SnapshotMeasure {
	id: string;
	actionFieldId: string;
	title: string;
	description: string;
	goalIds: string[];
	leadActorId: string | null;
	partnerActorIds: string[];
	startDate: string | null;
	endDate: string | null;
	milestones: SnapshotMilestone[];
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
}

/** The introduction in the three parts the handbook names: origin (Entstehung), function, scope (Geltungsbereich). */
export interface PlanIntro {
	origin: string;
	function: string;
	scope: string;
}
export const introParts = ['origin', 'function', 'scope'] as const satisfies readonly (keyof PlanIntro)[];

/** A translation as it was when the version was made: text and the hash of the German source it was made from. */
export interface SnapshotTranslation {
	kind: 'plan' | 'goal' | 'measure' | 'actionField';
	entityId: string;
	field: string;
	language: string;
	text: string;
	sourceHash: string;
}

export interface PlanSnapshot {
	schema: typeof SNAPSHOT_SCHEMA;
	plan: {
		id: string;
		districtId: string;
		districtName: string;
		title: string;
		/** since 0015-plan-content: the three parts of the introduction */
		intro?: PlanIntro;
		/** snapshots made before 0015: the introduction as one text (read as the origin, see snapshotIntro) */
		introduction?: string;
		rules: PlanRules;
	};
	/** since 0015-plan-content: the content languages and the translations of the plan's texts, frozen with the version */
	contentLanguages?: string[];
	translations?: SnapshotTranslation[];
	actionFields: { id: string; key: string; name: string; sortOrder: number }[];
	actors: { id: string; name: string }[];
	conceptGoals: { id: string; code: string; title: string; conceptTitle: string }[];
	goals: SnapshotGoal[];
	measures: SnapshotMeasure[];
}

/** The introduction of a snapshot; an older snapshot's single introduction text is its origin. */
export const snapshotIntro = (s: PlanSnapshot): PlanIntro => s.plan.intro ?? { origin: s.plan.introduction ?? '', function: '', scope: '' };

/** The introduction as one text (its non-empty parts in order, separated by blank lines), for formats with one field. */
export const introText = (i: PlanIntro): string => [i.origin, i.function, i.scope].filter((x) => x.trim()).join('\n\n');

export const emptyRule = (): PlanRule => ({ by: '', to: '', intervalMonths: null, nextDate: null, notes: '' });

export function snapshotTotals(s: PlanSnapshot): { goalCount: number; measureCount: number; totalCostCents: number } {
	return { goalCount: s.goals.length, measureCount: s.measures.length, totalCostCents: s.measures.reduce((sum, m) => sum + (m.costCents ?? 0), 0) };
}

/** Lookup tables of one snapshot: names as they were in that version. */
export function snapshotIndex(s: PlanSnapshot) {
	const fields = new Map(s.actionFields.map((f) => [f.id, f]));
	const actors = new Map(s.actors.map((a) => [a.id, a.name]));
	const goals = new Map(s.goals.map((g) => [g.id, g]));
	const conceptGoals = new Map(s.conceptGoals.map((c) => [c.id, c.code ? `${c.code} ${c.title}` : c.title]));
	return {
		fieldName: (id: string) => fields.get(id)?.name ?? '',
		fieldOrder: (id: string) => fields.get(id)?.sortOrder ?? Number.MAX_SAFE_INTEGER,
		actorName: (id: string | null) => (id === null ? null : (actors.get(id) ?? '')),
		goalTitle: (id: string | null) => (id === null ? null : (goals.get(id)?.title ?? '')),
		conceptGoalLabel: (id: string) => conceptGoals.get(id) ?? ''
	};
}

/** The next date a rule is due is overdue when it lies before today ('YYYY-MM-DD' strings compare as dates). */
export const isOverdue = (nextDate: string | null, today: string): boolean => !!nextDate && nextDate < today;
