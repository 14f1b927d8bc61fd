/**
 * Pure step from a PlanDocument to the data the Typst template shows: every text formatted in the document
 * language (dates, money, enum labels, headings from the catalogue), numbers assigned to goals and measures,
 * and the index of responsibilities derived from the measures. The result is plain JSON; the template places
 * its strings as values, so no escaping is needed and none can be forgotten.
 */
import { goalTree } from '../../domain/plans';
import { translator, type Translate } from '../../i18n';
import type { DocMeasure, PlanDocument } from './plan-document';

import { documentLanguages, isDocumentLanguage, type DocumentLanguage } from '../../domain/plan-document';
import { contentDir, itemKey } from '../../domain/plans/translations';

export { documentLanguages, isDocumentLanguage, type DocumentLanguage };

/** label, value, and whether the value is the plan's own text (marked with the content language) */
type Fact = [string, string | string[], boolean?];
/**
 * A text of the plan: in the content language (a string), or German in a document whose content language is
 * another one (the translation is missing or outdated): tagged as German, `mark` adds "(only in German)".
 */
export type ContentText = string | { text: string; de: true; mark: boolean };
interface Ref {
	number: string;
	title: ContentText;
	anchor: string;
}

export interface DocumentModel {
	lang: string;
	region: string | null;
	dir: 'ltr' | 'rtl';
	/** language of the plan's own texts (user input): German, or the document language where the plan has it as a content language */
	contentLang: string;
	contentDir: 'ltr' | 'rtl';
	title: string;
	author: string;
	keywords: string[];
	/** the day the document was made (in Germany), for the PDF metadata */
	date: { year: number; month: number; day: number };
	header: string;
	municipality: string;
	labels: Record<string, string>;
	cover: { kind: string; subtitle: string; rows: Fact[]; generated: string };
	/** the three parts of the introduction: origin, function, scope */
	introduction: { title: string; paragraphs: ContentText[] }[];
	integration: { paragraphs: ContentText[]; facts: Fact[] };
	inventory: {
		missing: string | null;
		intro: string;
		table: { caption: string; columns: string[]; rows: string[][] };
		notes: string[];
		figures: { kind: 'chart' | 'map'; svg: string; alt: string; caption: string }[];
	};
	fields: { name: ContentText; description: ContentText[]; goals: { number: string; title: ContentText; depth: number; description: ContentText[]; facts: Fact[]; measures: Ref[] }[] }[];
	measureFields: { name: ContentText; measures: { number: string; anchor: string; title: ContentText; description: ContentText[]; facts: Fact[] }[] }[];
	responsibilities: { groups: { title: string; actors: { name: string; lead: Ref[]; partner: Ref[] }[] }[]; noLead: Ref[] };
	rules: { title: string; facts: Fact[]; paragraphs: string[] }[];
	version: { facts: Fact[]; note: string | null };
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

/** Paragraphs of a text field: split at blank lines; whitespace-only paragraphs dropped. */
export function paragraphs(text: string): string[] {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((p) => p.trim())
		.filter(Boolean);
}

const LOCALE_TAG: Record<DocumentLanguage, string> = { de: 'de-DE', en: 'en-GB', tr: 'tr-TR', ar: 'ar', ru: 'ru-RU', uk: 'uk-UA', pl: 'pl-PL' };

function formatters(lang: DocumentLanguage) {
	const tag = LOCALE_TAG[lang];
	const day = new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
	const dayBerlin = new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
	const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
	const coord = new Intl.NumberFormat(tag, { maximumFractionDigits: 5 });
	// Arabic dates and amounts come with right-to-left marks; inside German text they would reorder it
	const plain = (s: string) => s.replace(/[\u200e\u200f\u061c]/g, '');
	return {
		/** 'YYYY-MM-DD' as a calendar date, or an ISO timestamp as the day in Germany */
		date: (s: string) => plain(/^\d{4}-\d{2}-\d{2}$/.test(s) ? day.format(new Date(`${s}T00:00:00Z`)) : dayBerlin.format(new Date(s))),
		money: (cents: number) => plain(money.format(cents / 100)),
		coord: (n: number) => plain(coord.format(n))
	};
}

// Control characters (other than line breaks and tabs) and lone surrogates cannot be typeset and make PDF/UA-1
// fail: they are removed from every text (user input may contain them, e.g. pasted from other programs).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const cleanText = (s: string): string => s.replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd');

function cleanAll<T>(v: T): T {
	if (typeof v === 'string') return cleanText(v) as T;
	if (Array.isArray(v)) return v.map(cleanAll) as T;
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanAll(x)])) as T;
	return v;
}

function berlinDay(iso: string): { year: number; month: number; day: number } {
	const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso)).split('-').map(Number);
	return { year, month, day };
}

export function documentModel(doc: PlanDocument, lang: DocumentLanguage): DocumentModel {
	return cleanAll(buildModel(doc, lang));
}

function buildModel(doc: PlanDocument, lang: DocumentLanguage): DocumentModel {
	const t: Translate = translator(lang);
	const f = formatters(lang);
	const none = t('planDoc.none');
	const orNone = (s: string | null | undefined) => (s && s.trim() ? s : none);
	// texts still in German in a translated document (content language other than German)
	const contentLang = doc.content.lang;
	const germanOnly = new Set(doc.content.germanOnly);
	const ct = (key: string | null, s: string, mark = true): ContentText => (contentLang !== 'de' && (key === null || germanOnly.has(key)) ? { text: s, de: true, mark } : s);
	/** paragraphs of a plan text; German ones in a translated document are tagged, the last one marked */
	const cparas = (key: string | null, s: string, empty?: string): ContentText[] => {
		const p = paragraphs(s);
		if (!p.length) return empty ? [empty] : [];
		return p.map((x, i) => ct(key, x, i === p.length - 1));
	};

	// numbering: fields in plan order; goals as a tree within their field; measures by title within their field
	const fieldIndex = new Map(doc.actionFields.map((a, i) => [a.id, i + 1]));
	const goalsByField = new Map<string, PlanDocument['goals']>();
	for (const g of doc.goals) (goalsByField.get(g.actionFieldId) ?? goalsByField.set(g.actionFieldId, []).get(g.actionFieldId)!).push(g);
	const measuresByField = new Map<string, DocMeasure[]>();
	for (const m of doc.measures) (measuresByField.get(m.actionFieldId) ?? measuresByField.set(m.actionFieldId, []).get(m.actionFieldId)!).push(m);
	const goalNumber = new Map<string, string>();
	const goalOrder = new Map<string, ReturnType<typeof goalTree<PlanDocument['goals'][number]>>>();
	for (const field of doc.actionFields) {
		const tree = goalTree(goalsByField.get(field.id) ?? []);
		goalOrder.set(field.id, tree);
		tree.forEach((g, i) => goalNumber.set(g.id, t('planDoc.goal.number', { number: `${fieldIndex.get(field.id)}.${i + 1}` })));
	}
	const measureRef = new Map<string, Ref>();
	for (const field of doc.actionFields) {
		const list = (measuresByField.get(field.id) ?? []).sort((a, b) => collator.compare(a.sourceTitle ?? a.title, b.sourceTitle ?? b.title));
		list.forEach((m, i) =>
			measureRef.set(m.id, { number: t('planDoc.measure.number', { number: `${fieldIndex.get(field.id)}.${i + 1}` }), title: ct(itemKey('measure', m.id, 'title'), m.title, false), anchor: `measure-${m.id}` })
		);
	}
	const goalTitle = new Map(doc.goals.map((g) => [g.id, g.title]));

	const schedule = (m: DocMeasure) =>
		m.startDate && m.endDate
			? t('planDoc.measure.scheduleRange', { start: f.date(m.startDate), end: f.date(m.endDate) })
			: m.startDate
				? t('planDoc.measure.scheduleFrom', { start: f.date(m.startDate) })
				: m.endDate
					? t('planDoc.measure.scheduleUntil', { end: f.date(m.endDate) })
					: none;
	const spatial = (m: DocMeasure) => {
		const parts = [t(`planDoc.scope.${m.spatialScope}`)];
		if (m.siteLabel) parts.push(m.siteLabel);
		if (m.siteLat !== null && m.siteLon !== null) parts.push(t('planDoc.measure.coordinates', { lat: f.coord(m.siteLat), lon: f.coord(m.siteLon) }));
		return parts.join(', ');
	};
	const features = (m: DocMeasure) =>
		[m.decidableLocally && t('planDoc.measure.decidableLocally'), m.integrated && t('planDoc.measure.integrated'), m.starterProject && t('planDoc.measure.starterProject')].filter(
			(x): x is string => !!x
		);

	// index of responsibilities: departments (administration actors) first, then all other partners
	const involvement = new Map<string, { name: string; kind: string; lead: Ref[]; partner: Ref[] }>();
	const entry = (a: { id: string; name: string; kind: string }) => involvement.get(a.id) ?? involvement.set(a.id, { name: a.name, kind: a.kind, lead: [], partner: [] }).get(a.id)!;
	const byId = new Map(doc.measures.map((m) => [m.id, m]));
	const ordered = [...measureRef.entries()].map(([id, ref]) => ({ m: byId.get(id)!, ref }));
	for (const { m, ref } of ordered) {
		if (m.lead) entry(m.lead).lead.push(ref);
		for (const p of m.partners) entry(p).partner.push(ref);
	}
	const actors = [...involvement.values()].sort((a, b) => collator.compare(a.name, b.name));
	const groups = [
		{ title: t('planDoc.resp.departments'), actors: actors.filter((a) => a.kind === 'administration') },
		{ title: t('planDoc.resp.partners'), actors: actors.filter((a) => a.kind !== 'administration') }
	]
		.filter((g) => g.actors.length > 0)
		.map((g) => ({ title: g.title, actors: g.actors.map((a) => ({ name: a.name, lead: a.lead, partner: a.partner })) }));

	const v = doc.version;
	const versionFacts: Fact[] = [[t('planDoc.version.state'), t(`planDoc.version.state.${v.state}`)]];
	if (v.number !== null) versionFacts.push([t('planDoc.version.number'), String(v.number)]);
	versionFacts.push([t('planDoc.version.date'), f.date(v.date)]);
	if (v.resolution) {
		versionFacts.push([t('planDoc.version.body'), orNone(v.resolution.body), !!v.resolution.body.trim()]);
		versionFacts.push([t('planDoc.version.resolutionDate'), f.date(v.resolution.date)]);
		versionFacts.push([t('planDoc.version.reference'), orNone(v.resolution.reference), !!v.resolution.reference.trim()]);
		if (v.resolution.link.trim()) versionFacts.push([t('planDoc.version.link'), v.resolution.link, true]);
		if (v.resolution.notes.trim()) versionFacts.push([t('planDoc.version.notes'), v.resolution.notes, true]);
	}
	if (v.inForce)
		versionFacts.push([
			t('planDoc.version.inForce'),
			t('planDoc.version.inForceValue', { number: v.inForce.number, body: v.inForce.body, date: f.date(v.inForce.date), reference: v.inForce.reference }),
			true
		]);
	if (v.pending) versionFacts.push([t('planDoc.version.pending'), t('planDoc.version.pendingValue', { number: v.pending.number, date: f.date(v.pending.submittedAt) })]);
	const versionNote = v.state === 'resolved' ? null : t(`planDoc.version.note.${v.state}`);

	const ruleSection = (kind: 'reporting' | 'evaluation' | 'revision') => {
		const r = doc.plan.rules[kind];
		const facts: Fact[] = [];
		if (r.by.trim()) facts.push([t('planDoc.rules.by'), r.by, true]);
		if (kind === 'reporting' && r.to.trim()) facts.push([t('planDoc.rules.to'), r.to, true]);
		if (r.intervalMonths !== null) facts.push([t('planDoc.rules.interval'), t('planDoc.rules.every', { months: r.intervalMonths })]);
		if (r.nextDate) facts.push([t('planDoc.rules.next'), f.date(r.nextDate)]);
		const notes = paragraphs(r.notes);
		return { title: t(`planDoc.rules.${kind}`), facts, paragraphs: notes.length || facts.length ? notes : [t('planDoc.notDescribed')] };
	};

	const inv = doc.inventory;
	const concept = doc.concept;
	const keywords = [t('planDoc.docKind'), doc.district.name, doc.municipality.name].filter(Boolean);
	return {
		lang,
		region: lang === 'de' ? 'DE' : null,
		dir: lang === 'ar' ? 'rtl' : 'ltr',
		contentLang,
		contentDir: contentDir(contentLang),
		title: doc.plan.title,
		author: doc.municipality.name,
		keywords,
		date: berlinDay(doc.generatedAt),
		header: t('planDoc.header', { title: doc.plan.title, district: doc.district.name }),
		municipality: doc.municipality.name,
		labels: {
			toc: t('planDoc.toc'),
			page: t('planDoc.page', { page: '{page}', total: '{total}' }),
			pageShort: t('planDoc.pageShort'),
			introduction: t('planDoc.section.introduction'),
			integration: t('planDoc.section.integration'),
			inventory: t('planDoc.section.inventory'),
			goals: t('planDoc.section.goals'),
			measures: t('planDoc.section.measures'),
			responsibilities: t('planDoc.section.responsibilities'),
			rules: t('planDoc.section.rules'),
			version: t('planDoc.section.version'),
			goalsEmpty: t('planDoc.goals.empty'),
			goalsNone: t('planDoc.goals.none'),
			goalMeasures: t('planDoc.goal.measures'),
			measuresEmpty: t('planDoc.measures.empty'),
			respIntro: t('planDoc.resp.intro'),
			respEmpty: t('planDoc.resp.empty'),
			respLead: t('planDoc.resp.lead'),
			respPartner: t('planDoc.resp.partner'),
			respNoLead: t('planDoc.resp.noLead'),
			germanOnly: t('planDoc.germanOnly')
		},
		cover: {
			kind: t('planDoc.docKind'),
			subtitle: [doc.district.name, doc.municipality.name].filter(Boolean).join(' · '),
			rows: [
				[t('planDoc.cover.municipality'), orNone(doc.municipality.name), true],
				[t('planDoc.cover.district'), doc.district.code ? `${doc.district.name} (${doc.district.code})` : doc.district.name, true],
				[t('planDoc.cover.state'), t(`planDoc.version.state.${v.state}`) + (v.number !== null ? ` · ${t('planDoc.version.number')} ${v.number}` : '')],
				[t('planDoc.cover.date'), f.date(v.resolution?.date ?? v.date)]
			],
			generated: t('planDoc.cover.generated', { date: f.date(doc.generatedAt) })
		},
		introduction: (['origin', 'function', 'scope'] as const).map((part) => ({
			title: t(`planDoc.intro.${part}`),
			paragraphs: cparas(itemKey('plan', doc.plan.id, `intro${part[0].toUpperCase()}${part.slice(1)}`), doc.plan.intro[part], t('planDoc.notDescribed'))
		})),
		integration: concept
			? {
					paragraphs: cparas(itemKey('plan', doc.plan.id, 'integrationUnderstanding'), concept.integrationUnderstanding, t('planDoc.notDescribed')),
					facts: [
						[t('planDoc.concept.type'), t(`districtConcept.type.${concept.conceptType}`)],
						[t('planDoc.concept.approaches'), concept.approaches.length ? concept.approaches.map((a) => t(`districtConcept.approach.${a}`)).join(', ') : none],
						[t('planDoc.concept.phase'), t(`districtConcept.phase.${concept.phase}`)],
						...(concept.resources.trim() ? ([[t('planDoc.concept.resources'), concept.resources, true]] as Fact[]) : [])
					]
				}
			: { paragraphs: [t('planDoc.concept.missing')], facts: [] },
		inventory: inv
			? {
					missing: null,
					intro: t('planDoc.inventory.intro', { period: inv.period ?? '–' }),
					table: {
						caption: t('planDoc.inventory.tableCaption', { district: doc.district.name }),
						columns: [t('planDoc.inventory.col.indicator'), t('planDoc.inventory.col.unit'), doc.district.name, t('planDoc.inventory.col.city'), t('planDoc.inventory.col.difference')],
						rows: inv.keyFigures.map((k) => [k.indicator, k.unit, k.district, k.city, k.difference])
					},
					notes: inv.notes,
					figures: [
						...(inv.chart ? [{ kind: 'chart' as const, ...inv.chart }] : []),
						...(inv.map ? [{ kind: 'map' as const, ...inv.map }] : [])
					]
				}
			: { missing: t('planDoc.inventory.missing'), intro: '', table: { caption: '', columns: [], rows: [] }, notes: [], figures: [] },
		fields: doc.actionFields.map((field) => ({
			name: ct(itemKey('actionField', field.id, 'name'), field.name),
			// the descriptions of the fields of action are not translated: German in every translated document
			description: cparas(null, field.description),
			goals: (goalOrder.get(field.id) ?? []).map((g) => ({
				number: goalNumber.get(g.id)!,
				title: ct(itemKey('goal', g.id, 'title'), g.title),
				depth: Math.min(g.depth, 3),
				description: cparas(itemKey('goal', g.id, 'description'), g.description),
				facts: [
					...(g.parentGoalId && goalNumber.has(g.parentGoalId) ? ([[t('planDoc.goal.parent'), `${goalNumber.get(g.parentGoalId)} ${goalTitle.get(g.parentGoalId)}`, true]] as Fact[]) : []),
					[t('planDoc.goal.priority'), t(`planDoc.priority.${g.priority}`)],
					[t('planDoc.goal.timeHorizon'), g.timeHorizon ? f.date(g.timeHorizon) : none],
					[t('planDoc.goal.operationalisation'), orNone(g.operationalisation), !!g.operationalisation.trim()],
					...(g.conceptGoals.length
						? ([[t('planDoc.goal.conceptGoals'), g.conceptGoals.map((c) => [c.conceptTitle, [c.code, c.title].filter(Boolean).join(' ')].filter(Boolean).join(': ')), true]] as Fact[])
						: [])
				],
				measures: ordered.filter(({ m }) => m.goalIds.includes(g.id)).map(({ ref }) => ref)
			}))
		})),
		measureFields: doc.actionFields
			.map((field) => ({
				name: ct(itemKey('actionField', field.id, 'name'), field.name, false),
				measures: ordered
					.filter(({ m }) => m.actionFieldId === field.id)
					.map(({ m, ref }) => ({
						number: ref.number,
						anchor: ref.anchor,
						title: ct(itemKey('measure', m.id, 'title'), m.title),
						description: cparas(itemKey('measure', m.id, 'description'), m.description),
						facts: [
							[t('planDoc.measure.status'), t(`planDoc.status.${m.status}`)],
							[t('planDoc.measure.goals'), m.goalIds.length ? m.goalIds.filter((id) => goalNumber.has(id)).map((id) => `${goalNumber.get(id)} ${goalTitle.get(id)}`) : none, m.goalIds.length > 0],
							[t('planDoc.measure.lead'), m.lead?.name ?? none, !!m.lead],
							[t('planDoc.measure.partners'), m.partners.length ? m.partners.map((p) => p.name).join(', ') : none, m.partners.length > 0],
							[t('planDoc.measure.schedule'), schedule(m)],
							...(m.milestones.length
								? ([
										[
											t('planDoc.measure.milestones'),
											m.milestones.map((s) => t(s.done ? 'planDoc.measure.milestoneDone' : 'planDoc.measure.milestone', { date: f.date(s.dueDate), title: s.title })),
											true
										]
									] as Fact[])
								: []),
							[t('planDoc.measure.cost'), m.costCents === null ? none : f.money(m.costCents)],
							[t('planDoc.measure.funding'), orNone(m.fundingSource), !!m.fundingSource.trim()],
							[t('planDoc.measure.spatial'), spatial(m), !!m.siteLabel],
							[t('planDoc.measure.features'), features(m).join(', ') || none]
						] satisfies Fact[]
					}))
			}))
			.filter((f) => f.measures.length > 0),
		responsibilities: { groups, noLead: ordered.filter(({ m }) => !m.lead).map(({ ref }) => ref) },
		rules: [ruleSection('reporting'), ruleSection('evaluation'), ruleSection('revision')],
		version: { facts: versionFacts, note: versionNote }
	};
}
