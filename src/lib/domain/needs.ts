/** Pure rules of needs (Bedarfe) and the engagements they were gathered in. */

/** Channels the handbook names for asking people directly. */
export const needChannels = ['survey', 'interview', 'round-table', 'district-forum', 'event-stand', 'online-form', 'existing-body'] as const;
export type NeedChannel = (typeof needChannels)[number];

/** Kinds of engagement record; each is also the channel of the needs captured in it. */
export const engagementKinds = ['interview', 'round-table', 'district-forum', 'event-stand', 'existing-body'] as const;
export type EngagementKind = (typeof engagementKinds)[number];

export const needStates = ['open', 'taken_up', 'merged', 'not_pursued'] as const;
export type NeedState = (typeof needStates)[number];

/** Who raised a need: anonymous by default; a named person only with recorded consent. */
export const raisedByKinds = ['anonymous', 'actor', 'group', 'person'] as const;
export type RaisedBy = (typeof raisedByKinds)[number];

export const targetGroups = [
	'all-residents',
	'children',
	'youth',
	'parents',
	'seniors',
	'women',
	'newcomers',
	'people-with-migration-history',
	'people-with-disabilities'
] as const;
export type TargetGroup = (typeof targetGroups)[number];

/**
 * Languages a statement is commonly made in in German districts (ISO 639 codes); names come from
 * Intl.DisplayNames in the reader's language.
 */
export const statementLanguages = [
	'de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'ro', 'bg', 'sq', 'sr', 'hr', 'bs', 'ku', 'fa', 'ps', 'ti', 'so', 'vi', 'it', 'el', 'es', 'fr', 'zh'
] as const;
export type StatementLanguage = (typeof statementLanguages)[number];

/** Public languages of the public pages (German, English, Arabic, Turkish, Leichte Sprache). */
export const publicLocales = ['de', 'de-x-ls', 'en', 'tr', 'ar'] as const;

/** Which state changes are allowed: a merged need is final (it lives on in the need it was merged into). */
export function canChangeState(from: NeedState, to: NeedState): boolean {
	if (from === 'merged') return false;
	if (to === 'open') return from !== 'open';
	return true;
}

/** Cross-field problems of a need's "raised by" and place; field → message key. */
export function needProblems(n: {
	raisedBy: RaisedBy;
	raisedByActorId: string | null;
	raisedByText: string;
	consentRecorded: boolean;
	placeLat: number | null;
	placeLon: number | null;
}): Record<string, string> {
	const out: Record<string, string> = {};
	if (n.raisedBy === 'actor' && !n.raisedByActorId) out.raisedByActorId = 'error.required';
	if (n.raisedBy === 'group' && !n.raisedByText) out.raisedByText = 'error.required';
	if (n.raisedBy === 'person') {
		if (!n.raisedByText) out.raisedByText = 'error.required';
		if (!n.consentRecorded) out.consentRecorded = 'error.needConsentRequired';
	}
	if ((n.placeLat === null) !== (n.placeLon === null)) out[n.placeLat === null ? 'placeLat' : 'placeLon'] = 'error.latLonPair';
	return out;
}

/** Name of a language in the reader's language, falling back to the code. */
export function languageName(code: string, locale: string): string {
	try {
		return new Intl.DisplayNames([locale === 'de-x-ls' ? 'de' : locale], { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/**
 * Review of needs residents raise themselves through the public online form: 'pending' until staff have looked
 * at it (never shown publicly), then 'accepted' (or merged into another need) or 'rejected'. Needs recorded by
 * staff are accepted from the start.
 */
export const reviewStates = ['pending', 'accepted', 'rejected'] as const;
export type ReviewState = (typeof reviewStates)[number];

/** Why a public submission was rejected. */
export const rejectReasons = ['spam', 'inappropriate'] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** Longest text a resident may write into the public form. */
export const PUBLIC_NEED_MAX = 2000;
/** Longest public summary (title) of a need. */
export const NEED_TITLE_MAX = 200;

/**
 * A provisional public summary of a resident's text until staff write one: the first line, spaces collapsed,
 * cut at a word boundary with an ellipsis when it is longer than `max`.
 */
export function provisionalTitle(text: string, max = NEED_TITLE_MAX): string {
	const first = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').replace(/\s+/g, ' ').trim();
	if (first.length <= max) return first;
	const cut = first.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
