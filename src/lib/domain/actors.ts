/**
 * Pure rules of the actor inventory (handbook 3.1, "Akteure identifizieren und laufende Aktivitäten vor Ort
 * erfassen"): enumerations, staleness of activities, cooperation pairs, search and filter, and the
 * deterministic circle layout of the cooperation network. No I/O.
 */

/** Languages offered as choices (ISO 639-1; names come from Intl.DisplayNames in the user's locale). */
export const languageCodes = [
	'de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'ro', 'bg', 'fa', 'ku', 'ps', 'ti', 'so', 'sq', 'sr', 'hr', 'bs', 'it', 'el', 'es', 'pt', 'fr', 'vi', 'zh', 'hi', 'ur', 'ta', 'am', 'dgs'
] as const;
export type LanguageCode = (typeof languageCodes)[number];

/** Target groups of activities. */
export const targetGroups = [
	'everyone', 'children', 'youth', 'parents', 'families', 'women', 'men', 'seniors', 'newcomers', 'refugees', 'job-seekers', 'students', 'volunteers', 'professionals'
] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Legal bases for keeping a contact person's data (Art. 6 (1) GDPR a, b, e, f). */
export const legalBases = ['consent', 'contract', 'public-task', 'legitimate-interest'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** Longest retention a contact may be given: ten years. */
export const MAX_RETENTION_YEARS = 10;

/** Name of a language in a locale; the sign language code has no ISO 639-1 entry. */
export function languageName(code: string, locale: string): string {
	if (code === 'dgs') return locale.startsWith('de') ? 'Deutsche Gebärdensprache' : 'German Sign Language';
	try {
		return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** 'YYYY-MM-DD' of a date in UTC. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** The same calendar day `months` months earlier or later (clamped to the month's end). */
export function addMonths(date: string, months: number): string {
	const [y, m, d] = date.split('-').map(Number);
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12);
	const nm = total % 12;
	const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
	return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** An activity is stale when it was never confirmed or its last confirmation is more than 12 months ago. */
export function isStale(lastConfirmedOn: string | null, today: string): boolean {
	if (!lastConfirmedOn) return true;
	return lastConfirmedOn < addMonths(today, -12);
}

/** Time of day 'HH:MM' (24 h); also accepts 'H:MM' and 'HH.MM' and returns the normalised form, else null. */
export function parseTime(raw: string): string | null {
	const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw.trim());
	if (!m) return null;
	const h = Number(m[1]);
	const min = Number(m[2]);
	if (h > 23 || min > 59) return null;
	return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** The stored form of an undirected cooperation: the smaller id first (plain code-unit comparison). */
export function orderedPair(a: string, b: string): [string, string] {
	return a < b ? [a, b] : [b, a];
}

/** Lower case without diacritics, for tolerant search ("Türkisch" finds "turkisch"). */
export function foldText(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/ß/g, 'ss')
		.toLowerCase();
}

/** The words of a search box, folded (at most ten); every one must match. */
export const searchWords = (q: string | undefined): string[] =>
	foldText(q ?? '')
		.split(/\s+/)
		.filter(Boolean)
		.slice(0, 10);

/** Whether every search word occurs in one of the texts (folded). */
export const matchesWords = (words: readonly string[], texts: readonly string[]): boolean => {
	if (words.length === 0) return true;
	const haystack = foldText(texts.join('\n'));
	return words.every((w) => haystack.includes(w));
};

export interface SearchableActor {
	id: string;
	name: string;
	kind: string;
	level: string;
	function: string;
	languages: readonly string[];
	actionFieldIds: readonly string[];
	/** The districts a district-level actor works in. */
	districtIds?: readonly string[];
}
export interface SearchableActivity {
	actorId: string;
	title: string;
	actionFieldId: string;
	languages: readonly string[];
	targetGroups: readonly string[];
}
export interface ActorFilter {
	q?: string;
	kind?: string;
	level?: string;
	fieldId?: string;
	language?: string;
	keyPerson?: boolean;
	/**
	 * A district's view: the district and its sub-districts (see `districtScope`). Matches the district-level
	 * actors working in one of them and every city-wide actor.
	 */
	districts?: readonly string[];
}

/** Whether an actor belongs to a district's view: city-wide actors always, district-level ones working there. */
export function inDistrictView(actor: { level: string; districtIds?: readonly string[] }, districts: readonly string[]): boolean {
	return actor.level === 'city' || (actor.districtIds ?? []).some((id) => districts.includes(id));
}

/** A district with all districts below it (statistical units, planning areas), from the municipality's tree. */
export function districtScope(districtId: string, all: readonly { id: string; parentId: string | null }[]): string[] {
	const out = [districtId];
	for (let i = 0; i < out.length && out.length <= all.length; i++) {
		for (const d of all) if (d.parentId === out[i] && !out.includes(d.id)) out.push(d.id);
	}
	return out;
}

/**
 * Actors matching a search and filters. The text search looks at name, function, the languages (codes and
 * names) and the target groups and titles of the actor's activities; every word must match somewhere. A field
 * of action or language matches the actor's own profile or one of its activities.
 */
export function filterActors<A extends SearchableActor & { keyPerson?: boolean }>(
	actors: readonly A[],
	activities: readonly SearchableActivity[],
	f: ActorFilter,
	labels: { language: (code: string) => string; targetGroup: (key: string) => string }
): A[] {
	const byActor = new Map<string, SearchableActivity[]>();
	for (const a of activities) (byActor.get(a.actorId) ?? byActor.set(a.actorId, []).get(a.actorId)!).push(a);
	const words = searchWords(f.q);
	return actors.filter((actor) => {
		const acts = byActor.get(actor.id) ?? [];
		if (f.kind && actor.kind !== f.kind) return false;
		if (f.level && actor.level !== f.level) return false;
		if (f.keyPerson && !actor.keyPerson) return false;
		if (f.districts && f.districts.length && !inDistrictView(actor, f.districts)) return false;
		if (f.fieldId && !actor.actionFieldIds.includes(f.fieldId) && !acts.some((x) => x.actionFieldId === f.fieldId)) return false;
		if (f.language && !actor.languages.includes(f.language) && !acts.some((x) => x.languages.includes(f.language!))) return false;
		if (words.length === 0) return true;
		const langs = new Set([...actor.languages, ...acts.flatMap((x) => x.languages)]);
		const groups = new Set(acts.flatMap((x) => x.targetGroups));
		return matchesWords(words, [
			actor.name,
			actor.function,
			...[...langs].flatMap((l) => [l, labels.language(l)]),
			...[...groups].map((g) => labels.targetGroup(g)),
			...acts.map((x) => x.title)
		]);
	});
}

export interface ActivityFilter {
	q?: string;
	fieldId?: string;
	language?: string;
	target?: string;
	stale?: boolean;
}

/**
 * Activities matching the filters of the activity list; the search looks at title, description, actor, place,
 * schedule, and the names of languages and target groups.
 */
export function filterActivities<
	X extends { title: string; description: string; actorName: string; address: string; schedule: string; actionFieldId: string; languages: readonly string[]; targetGroups: readonly string[]; stale: boolean }
>(activities: readonly X[], f: ActivityFilter, labels: { language: (code: string) => string; targetGroup: (key: string) => string }): X[] {
	const words = searchWords(f.q);
	return activities.filter((a) => {
		if (f.fieldId && a.actionFieldId !== f.fieldId) return false;
		if (f.language && !a.languages.includes(f.language)) return false;
		if (f.target && !a.targetGroups.includes(f.target)) return false;
		if (f.stale && !a.stale) return false;
		return matchesWords(words, [a.title, a.description, a.actorName, a.address, a.schedule, ...a.languages.map(labels.language), ...a.targetGroups.map(labels.targetGroup)]);
	});
}

export interface NetworkNode {
	id: string;
	name: string;
	kind: string;
	keyPerson: boolean;
}
export interface NetworkLink {
	a: string;
	b: string;
	description: string;
}
export interface PlacedNode extends NetworkNode {
	x: number;
	y: number;
	degree: number;
	/** Label anchor on the outside of the circle. */
	anchor: 'start' | 'end';
	lx: number;
	ly: number;
}

/**
 * A deterministic circle layout: actors grouped by kind (in `kindOrder`), then by name, evenly on a circle,
 * so the same data always gives the same picture and members of a kind sit together. Only actors with at
 * least one link are placed when `connectedOnly`.
 */
export function circleLayout(
	nodes: readonly NetworkNode[],
	links: readonly NetworkLink[],
	opts: { size: number; kindOrder: readonly string[]; connectedOnly?: boolean; compare?: (a: string, b: string) => number }
): PlacedNode[] {
	const degree = new Map<string, number>();
	for (const l of links) {
		degree.set(l.a, (degree.get(l.a) ?? 0) + 1);
		degree.set(l.b, (degree.get(l.b) ?? 0) + 1);
	}
	const compare = opts.compare ?? ((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
	const rank = (k: string) => {
		const i = opts.kindOrder.indexOf(k);
		return i < 0 ? opts.kindOrder.length : i;
	};
	const list = nodes
		.filter((n) => !opts.connectedOnly || (degree.get(n.id) ?? 0) > 0)
		.slice()
		.sort((p, q) => rank(p.kind) - rank(q.kind) || compare(p.name, q.name) || compare(p.id, q.id));
	const c = opts.size / 2;
	const r = opts.size * 0.3;
	const lr = r + 14;
	return list.map((n, i) => {
		const angle = list.length === 1 ? -Math.PI / 2 : -Math.PI / 2 + (2 * Math.PI * i) / list.length;
		const cos = Math.cos(angle);
		const sin = Math.sin(angle);
		const round = (v: number) => Math.round(v * 10) / 10;
		return {
			...n,
			degree: degree.get(n.id) ?? 0,
			x: round(c + r * cos),
			y: round(c + r * sin),
			lx: round(c + lr * cos),
			ly: round(c + lr * sin),
			anchor: cos >= -1e-9 ? 'start' : 'end'
		};
	});
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for SVG/XML built as a string (names are user input). */
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (ch) => xmlEntities[ch]);

/** Shortens a label for drawing; the full name stays in the <title> and the table. */
export function shorten(s: string, max = 28): string {
	const chars = [...s];
	return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
