/**
 * The Local Action Plan as one plain, serialisable object: everything the PDF shows, read once from the
 * repositories (load-plan-document.ts). It holds raw values (ISO dates, cents, enum keys), never formatted
 * text, so the same object can be rendered in any document language, and it can equally be built from a
 * resolved plan version's JSON snapshot: `version` says which state of the plan this is.
 */
import type { MeasureStatus, SpatialScope } from '../../domain/plans';
import { snapshotIntro, type PlanIntro, type PlanSnapshot, type SnapshotTranslation } from '../../domain/plans/snapshot';
import { itemKey, type TranslationKind } from '../../domain/plans/translations';

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
	/** the German title when `title` is a translation: measures are numbered by it, the same in every language */
	sourceTitle?: string;
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
	/** 'working': the living plan; the others are the states of a stored plan version (plans/plan-versions) */
	state: 'working' | 'submitted' | 'withdrawn' | 'resolved' | 'superseded';
	/** running number of the version (revision), null for the living plan */
	number: number | null;
	/** the day this state refers to ('YYYY-MM-DD' or ISO timestamp): last change, submission or resolution */
	date: string;
	resolution: { body: string; date: string; reference: string; link: string; notes: string } | null;
	/** for the living plan: the resolved version currently in force, and a version awaiting resolution */
	inForce: { number: number; body: string; date: string; reference: string } | null;
	pending: { number: number; submittedAt: string } | null;
}

/** A rule for reporting, evaluation or revision: who, to whom (reporting), how often, when next, and free text. */
export interface DocRule {
	by: string;
	to: string;
	intervalMonths: number | null;
	nextDate: string | null;
	notes: string;
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
		/** the introduction in its three parts: origin, function and scope */
		intro: PlanIntro;
		rules: { reporting: DocRule; evaluation: DocRule; revision: DocRule };
		/** languages the plan's texts are translated into (German, the source, not listed) */
		contentLanguages: string[];
	};
	/**
	 * The language of the plan's own texts in this document: German, or a content language of the plan whose
	 * translations have been applied (translatePlanDocument). `germanOnly` lists the items (itemKey) still in
	 * German because their translation is missing or outdated; the document marks them "(only in German)".
	 */
	content: { lang: string; germanOnly: string[] };
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

/** The parts of a document that a plan snapshot does not hold: read live when the document is made. */
export interface DocumentContext {
	municipality: PlanDocument['municipality'];
	district: PlanDocument['district'];
	version: DocVersion;
	concept: PlanDocument['concept'];
	/** current actor kinds by id (a snapshot keeps names only); unknown ids are shown as partners */
	actorKinds: ReadonlyMap<string, string>;
	/** current descriptions of the fields of action by id */
	fieldDescriptions: ReadonlyMap<string, string>;
	inventory: DocInventory | null;
	generatedAt: string;
}

/**
 * The document of one state of the plan, from its snapshot (domain/plans/snapshot.ts): the living plan
 * (plans/plan-versions.repository buildPlanSnapshot) and a stored version are turned into the document the
 * same way. Texts, names of actors, fields of action and city-wide goals are those of the snapshot.
 */
export function planDocumentFromSnapshot(s: PlanSnapshot, c: DocumentContext): PlanDocument {
	const actorName = new Map(s.actors.map((a) => [a.id, a.name]));
	const actor = (id: string): DocActor => ({ id, name: actorName.get(id) ?? '', kind: c.actorKinds.get(id) ?? '' });
	const conceptGoal = new Map(s.conceptGoals.map((g) => [g.id, g]));
	const rule = (r: PlanSnapshot['plan']['rules'][keyof PlanSnapshot['plan']['rules']] | undefined): DocRule => ({
		by: r?.by ?? '',
		to: r?.to ?? '',
		intervalMonths: r?.intervalMonths ?? null,
		nextDate: r?.nextDate ?? null,
		notes: r?.notes ?? ''
	});
	return {
		municipality: c.municipality,
		district: c.district,
		plan: {
			id: s.plan.id,
			title: s.plan.title,
			intro: snapshotIntro(s),
			rules: { reporting: rule(s.plan.rules?.reporting), evaluation: rule(s.plan.rules?.evaluation), revision: rule(s.plan.rules?.revision) },
			contentLanguages: s.contentLanguages ?? []
		},
		content: { lang: 'de', germanOnly: [] },
		version: c.version,
		concept: c.concept,
		actionFields: [...s.actionFields].sort((a, b) => a.sortOrder - b.sortOrder).map((f) => ({ id: f.id, name: f.name, description: c.fieldDescriptions.get(f.id) ?? '' })),
		goals: s.goals.map((g) => ({
			id: g.id,
			parentGoalId: g.parentGoalId,
			actionFieldId: g.actionFieldId,
			title: g.title,
			description: g.description,
			priority: g.priority,
			timeHorizon: g.timeHorizon,
			operationalisation: g.operationalisation,
			conceptGoals: g.conceptGoalIds
				.map((id) => conceptGoal.get(id))
				.filter((x): x is NonNullable<typeof x> => !!x)
				.map((x) => ({ code: x.code, title: x.title, conceptTitle: x.conceptTitle }))
		})),
		measures: s.measures.map((m) => ({
			id: m.id,
			actionFieldId: m.actionFieldId,
			title: m.title,
			description: m.description,
			lead: m.leadActorId ? actor(m.leadActorId) : null,
			partners: m.partnerActorIds.map(actor).sort((a, b) => a.name.localeCompare(b.name, 'de')),
			goalIds: m.goalIds,
			startDate: m.startDate,
			endDate: m.endDate,
			milestones: m.milestones.map((x) => ({ title: x.title, dueDate: x.dueDate, done: x.done })),
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
		inventory: c.inventory,
		generatedAt: c.generatedAt
	};
}

/**
 * The document with the plan's texts in `lang` where the plan has that content language: each text with a
 * current translation (made from exactly this German text, see `hash`) is replaced; a text whose translation is
 * missing or outdated stays German and is listed in `content.germanOnly`. Empty German texts need none. In any
 * other language (or German) the document is returned unchanged, with German content.
 */
export function translatePlanDocument(doc: PlanDocument, lang: string, translations: readonly SnapshotTranslation[], hash: (text: string) => string): PlanDocument {
	if (lang === 'de' || !doc.plan.contentLanguages.includes(lang)) return doc;
	const byKey = new Map(translations.filter((t) => t.language === lang).map((t) => [itemKey(t.kind, t.entityId, t.field), t]));
	const germanOnly: string[] = [];
	const tr = (kind: TranslationKind, id: string, field: string, source: string): string => {
		if (!source.trim()) return source;
		const key = itemKey(kind, id, field);
		const t = byKey.get(key);
		if (t && t.text.trim() && t.sourceHash === hash(source)) return t.text;
		germanOnly.push(key);
		return source;
	};
	const p = doc.plan;
	return {
		...doc,
		plan: {
			...p,
			intro: {
				origin: tr('plan', p.id, 'introOrigin', p.intro.origin),
				function: tr('plan', p.id, 'introFunction', p.intro.function),
				scope: tr('plan', p.id, 'introScope', p.intro.scope)
			}
		},
		concept: doc.concept && { ...doc.concept, integrationUnderstanding: tr('plan', p.id, 'integrationUnderstanding', doc.concept.integrationUnderstanding) },
		actionFields: doc.actionFields.map((f) => ({ ...f, name: tr('actionField', f.id, 'name', f.name) })),
		goals: doc.goals.map((g) => ({ ...g, title: tr('goal', g.id, 'title', g.title), description: tr('goal', g.id, 'description', g.description) })),
		measures: doc.measures.map((m) => ({ ...m, sourceTitle: m.title, title: tr('measure', m.id, 'title', m.title), description: tr('measure', m.id, 'description', m.description) })),
		content: { lang, germanOnly }
	};
}
