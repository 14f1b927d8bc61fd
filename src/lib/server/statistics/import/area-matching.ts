/**
 * Matching area names and codes from a file against the municipality's known areas: insensitive to case,
 * umlaut spelling ("Muenchen" = "München"), accents, whitespace, hyphens and dots, with close-name suggestions
 * for what does not match.
 */
export interface KnownArea {
	id: string;
	code: string;
	name: string;
}

/**
 * A comparable form of a name: "St.-Georg-Vorstadt " → "sanktgeorgvorstadt", "Müller" → "mueller". Spaces,
 * hyphens and punctuation are dropped entirely, so "Alt-Stadt", "Alt Stadt" and "Altstadt" are the same area.
 */
export function normalizeName(s: string): string {
	return s
		.toLocaleLowerCase('de')
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/\bst\b\.?/g, 'sankt')
		.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Codes: trimmed; all-digit codes compare without leading zeros ("01" = "1", as spreadsheets drop them). */
export function normalizeCode(s: string): string {
	const t = s.trim().toUpperCase();
	return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t;
}

export interface AreaIndex {
	byCode: Map<string, KnownArea[]>;
	byName: Map<string, KnownArea[]>;
	areas: KnownArea[];
}

export function indexAreas(areas: KnownArea[]): AreaIndex {
	const byCode = new Map<string, KnownArea[]>();
	const byName = new Map<string, KnownArea[]>();
	const add = (m: Map<string, KnownArea[]>, k: string, a: KnownArea) => {
		if (!k) return;
		const list = m.get(k);
		if (list) list.push(a);
		else m.set(k, [a]);
	};
	for (const a of areas) {
		add(byCode, normalizeCode(a.code), a);
		add(byName, normalizeName(a.name), a);
	}
	return { byCode, byName, areas };
}

export type AreaMatch = { kind: 'matched'; area: KnownArea } | { kind: 'unmatched' } | { kind: 'ambiguous'; candidates: KnownArea[] };

export type AreaKey = 'code' | 'name' | 'codeOrName';

export function matchArea(index: AreaIndex, value: string, by: AreaKey): AreaMatch {
	const tryMap = (m: Map<string, KnownArea[]>, k: string): AreaMatch | null => {
		const list = m.get(k);
		if (!list) return null;
		return list.length === 1 ? { kind: 'matched', area: list[0] } : { kind: 'ambiguous', candidates: list };
	};
	if (by !== 'name') {
		const r = tryMap(index.byCode, normalizeCode(value));
		if (r) return r;
	}
	if (by !== 'code') {
		const r = tryMap(index.byName, normalizeName(value));
		if (r) return r;
	}
	return { kind: 'unmatched' };
}

export interface AreaSuggestion {
	id: string;
	code: string;
	name: string;
	/** 0..1, higher is closer. */
	score: number;
}

/** Up to `max` known areas whose names (or codes) are close to `value`, best first, ties by name. */
export function suggestAreas(index: AreaIndex, value: string, max = 3, minScore = 0.5): AreaSuggestion[] {
	const v = normalizeName(value);
	const c = normalizeCode(value);
	const scored = index.areas.map((a) => {
		const n = normalizeName(a.name);
		let score = similarity(v, n);
		// "Nordstadt" for "Nordstadt-Ost": a name contained in the other is a strong hint.
		if (v.length >= 4 && n.length >= 4 && (n.includes(v) || v.includes(n))) score = Math.max(score, 0.8);
		score = Math.max(score, similarity(c, normalizeCode(a.code)) * 0.9);
		return { id: a.id, code: a.code, name: a.name, score: Math.round(score * 1000) / 1000 };
	});
	return scored
		.filter((s) => s.score >= minScore)
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'de'))
		.slice(0, max);
}

/** 1 − Levenshtein distance / longer length. */
export function similarity(a: string, b: string): number {
	if (a === b) return 1;
	if (!a || !b) return 0;
	return 1 - levenshtein(a, b) / Math.max(a.length, b.length);
}

function levenshtein(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		for (let j = 1; j <= b.length; j++)
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		prev = cur;
	}
	return prev[b.length];
}
