/**
 * The Local Action Plan as one plain, serialisable object: everything the PDF shows, read once from the
 * repositories (load-plan-document.ts). It holds raw values (ISO dates, cents, enum keys), never formatted
 * text, so the same object can be rendered in any document language, and it can equally be built from a
 * resolved plan version's JSON snapshot: `version` says which state of the plan this is.
 */
import type { MeasureStatus, SpatialScope } from '../../domain/plans';

export interface DocActor {
	id: string;
	name: string;
	/** actor kind key ('administration' = a department, …); '' when unknown (e.g. from an old snapshot) */
	kind: string;
}

export interface DocConceptGoal {
	code: string;
	title: string;
	conceptTitle: string;
}

export interface DocGoal {
	id: string;
	parentGoalId: string | null;
	actionFieldId: string;
	title: string;
	description: string;
	/** 1 high, 2 medium, 3 low */
	priority: number;
	timeHorizon: string | null;
	operationalisation: string;
	conceptGoals: DocConceptGoal[];
}

export interface DocMilestone {
	title: string;
	dueDate: string;
	done: boolean;
}

export interface DocMeasure {
	id: string;
	actionFieldId: string;
	title: string;
	description: string;
	lead: DocActor | null;
	partners: DocActor[];
	goalIds: string[];
	startDate: string | null;
	endDate: string | null;
	milestones: DocMilestone[];
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

export interface DocActionField {
	id: string;
	name: string;
	description: string;
}

/** Which state of the plan the document shows. */
export interface DocVersion {
	/** 'working': the living plan, not (yet) resolved; the others come from a plan version */
	state: 'working' | 'draft' | 'resolved' | 'superseded';
	/** running number of the version (revision), if any */
	number: number | null;
	/** date the shown state was last changed ('YYYY-MM-DD' or ISO timestamp) */
	date: string;
	resolution: { body: string; date: string; reference: string } | null;
}

/** A key figure of the district against the whole city, already disclosure-controlled and formatted. */
export interface DocKeyFigure {
	indicator: string;
	unit: string;
	district: string;
	city: string;
	difference: string;
}

export interface DocFigure {
	svg: string;
	/** text alternative for screen readers (the figure's data is also given in a table or the caption) */
	alt: string;
	caption: string;
}

export interface DocInventory {
	period: string | null;
	keyFigures: DocKeyFigure[];
	chart: DocFigure | null;
	map: DocFigure | null;
	notes: string[];
}

export interface PlanDocument {
	municipality: { name: string };
	district: { id: string; name: string; code: string };
	plan: {
		id: string;
		title: string;
		introduction: string;
		reportingRules: string;
		evaluationRules: string;
		revisionRules: string;
	};
	version: DocVersion;
	concept: {
		conceptType: string;
		approaches: string[];
		integrationUnderstanding: string;
		phase: string;
		resources: string;
	} | null;
	actionFields: DocActionField[];
	goals: DocGoal[];
	measures: DocMeasure[];
	/** figures from the statistics area, in the document language; null when the district has no data */
	inventory: DocInventory | null;
	/** when the document was produced (ISO timestamp) */
	generatedAt: string;
}
