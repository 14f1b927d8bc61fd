/**
 * The public portal: languages, open-data licences, the accessibility statement's defaults, and how the
 * resolved plan is combined with the implementation progress of the living plan. Pure, no I/O.
 */
import type { MeasureStatus } from './plans';
import type { PlanSnapshot, SnapshotMeasure } from './plans/snapshot';

/** Languages with complete portal texts; German is always public. Arabic is right-to-left. */
export const portalLocales = ['de', 'de-x-ls', 'en', 'tr', 'ar'] as const;
export type PortalLocale = (typeof portalLocales)[number];

/** Licences offered for the open data (Datenlizenz Deutschland and Creative Commons). */
export const openDataLicences = {
	'dl-de-by-2.0': { name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' },
	'dl-de-zero-2.0': { name: 'Datenlizenz Deutschland – Zero – Version 2.0', url: 'https://www.govdata.de/dl-de/zero-2-0' },
	'cc-by-4.0': { name: 'Creative Commons Namensnennung 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/deed.de' },
	'cc0-1.0': { name: 'CC0 1.0 Universell (Public Domain Dedication)', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.de' }
} as const;
export type OpenDataLicence = keyof typeof openDataLicences;
export const licenceIds = Object.keys(openDataLicences) as OpenDataLicence[];

export const complianceStates = ['full', 'partial', 'none'] as const;
export type ComplianceState = (typeof complianceStates)[number];
export const assessmentMethods = ['self-assessment', 'external'] as const;
export type AssessmentMethod = (typeof assessmentMethods)[number];
export const feedbackTopics = ['accessibility', 'content', 'other'] as const;
export type FeedbackTopic = (typeof feedbackTopics)[number];

/** What the statement says about known barriers until the municipality writes its own text. */
export const DEFAULT_NON_ACCESSIBLE =
	'Die Karten der Maßnahmen sind Grafiken. Alle Angaben der Karte stehen zusätzlich in der Liste neben der Karte.\n' +
	'Die Inhalte des Aktionsplans (Ziele, Maßnahmen, Beschreibungen) liegen nur auf Deutsch vor. Die Bedienelemente des Portals gibt es in den angebotenen Sprachen.\n' +
	'Die herunterladbaren Dateien (JSON, CSV, GeoJSON) sind Daten für die Weiterverarbeitung; ihre Inhalte stehen barrierefrei auf den Seiten des Portals.';

/** The Schlichtungsstelle nach § 16 BGG (for federal bodies; the Länder name their own enforcement body). */
export const DEFAULT_ENFORCEMENT_BODY =
	'Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (BGG) bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen, Mauerstraße 53, 10117 Berlin. ' +
	'Für Stellen des Landes und der Kommunen ist die Durchsetzungs- bzw. Schlichtungsstelle nach dem Landesgesetz zuständig – bitte tragen Sie hier die Stelle Ihres Landes ein.';
export const DEFAULT_ENFORCEMENT_URL = 'https://www.schlichtungsstelle-bgg.de';

export interface PortalSettings {
	enabled: boolean;
	languages: PortalLocale[];
	licence: OpenDataLicence;
	attribution: string;
	imprintUrl: string;
	privacyUrl: string;
	feedbackEmail: string;
	feedbackPhone: string;
	a11yStatus: ComplianceState;
	a11yNonAccessible: string;
	a11yPreparedOn: string | null;
	a11yReviewedOn: string | null;
	a11yMethod: AssessmentMethod;
	a11yEnforcementBody: string;
	a11yEnforcementUrl: string;
	updatedAt: string | null;
}

/** The settings of a municipality that has not saved any: portal on, German and English, a prefilled statement. */
export const defaultPortalSettings = (): PortalSettings => ({
	enabled: true,
	languages: ['de', 'en'],
	licence: 'dl-de-by-2.0',
	attribution: '',
	imprintUrl: '',
	privacyUrl: '',
	feedbackEmail: '',
	feedbackPhone: '',
	a11yStatus: 'partial',
	a11yNonAccessible: DEFAULT_NON_ACCESSIBLE,
	a11yPreparedOn: null,
	a11yReviewedOn: null,
	a11yMethod: 'self-assessment',
	a11yEnforcementBody: DEFAULT_ENFORCEMENT_BODY,
	a11yEnforcementUrl: DEFAULT_ENFORCEMENT_URL,
	updatedAt: null
});

/** The language a public page is shown in: the reader's choice when the municipality offers it, else German. */
export function portalLocale(requested: string, offered: readonly string[]): PortalLocale {
	return (offered as string[]).includes(requested) && (portalLocales as readonly string[]).includes(requested) ? (requested as PortalLocale) : 'de';
}

/** Implementation progress of one measure in the living plan. */
export interface LivingMeasure {
	id: string;
	status: MeasureStatus;
	milestonesDone: Record<string, boolean>;
	updatedAt: string;
}

export interface PublicMeasure extends SnapshotMeasure {
	/** Status as resolved by the council (the snapshot). */
	resolvedStatus: MeasureStatus;
	/** Current status from the living plan; the resolved status when the measure is no longer in the living plan. */
	currentStatus: MeasureStatus;
	/** false: the measure was removed from the working plan after the resolution. */
	inWorkingPlan: boolean;
	milestonesDoneCount: number;
	progressUpdatedAt: string | null;
}

/**
 * The resolved plan with its implementation progress. The content (titles, goals, schedule, cost, place) is the
 * frozen version the council resolved; status and milestones done come from the living plan, matched by measure
 * and milestone id (ids are stable while the living plan is edited). A measure deleted from the living plan since
 * keeps its resolved data and is marked `inWorkingPlan: false`; a milestone missing in the living plan keeps its
 * resolved done flag. Measures added to the working draft after the resolution are not shown: they are not decided.
 */
export function withProgress(snapshot: PlanSnapshot, living: LivingMeasure[]): PublicMeasure[] {
	const byId = new Map(living.map((m) => [m.id, m]));
	return snapshot.measures.map((m) => {
		const l = byId.get(m.id);
		const milestones = m.milestones.map((x) => ({ ...x, done: l && x.id in l.milestonesDone ? l.milestonesDone[x.id] : x.done }));
		return {
			...m,
			milestones,
			resolvedStatus: m.status,
			currentStatus: l?.status ?? m.status,
			inWorkingPlan: !!l,
			milestonesDoneCount: milestones.filter((x) => x.done).length,
			progressUpdatedAt: l?.updatedAt ?? null
		};
	});
}

/** Measures grouped by field of action in the field order of the snapshot, titles in German collation. */
export function groupByField<M extends { actionFieldId: string; title: string }>(snapshot: PlanSnapshot, measures: M[]) {
	const collator = new Intl.Collator('de', { numeric: true });
	const fields = [...snapshot.actionFields].sort((a, b) => a.sortOrder - b.sortOrder || collator.compare(a.name, b.name));
	const groups = fields
		.map((f) => ({ id: f.id, key: f.key, name: f.name, measures: measures.filter((m) => m.actionFieldId === f.id).sort((a, b) => collator.compare(a.title, b.title)) }))
		.filter((g) => g.measures.length > 0);
	const known = new Set(fields.map((f) => f.id));
	const rest = measures.filter((m) => !known.has(m.actionFieldId));
	if (rest.length) groups.push({ id: '', key: '', name: '', measures: rest });
	return groups;
}
