/**
 * Reading numbers as German statistics tables write them.
 *
 * Decimal convention: German files use "1.234,5" (point groups thousands, comma is the decimal mark). A file
 * produced by English-language software uses "1,234.5". The convention is detected per column
 * ({@link detectDecimalConvention}); a value that only makes sense in the other convention is text, not a number.
 *
 * Symbols (Zeichenerklärung of the statistical offices, e.g. Statistisches Bundesamt, and the Zensus 2022 tables):
 *   –  nothing there (exactly zero) in DESTATIS tables, but "kept secret" in the Zensus grid files: so suppressed
 *      by default, zero with `dashMeansZero`
 *   .  value unknown or kept secret        x  cell blocked, statement not meaningful
 *   /  not reliable enough                 •  kept secret (some offices)         ... / … data later
 *   ( ) around a number: limited reliability (the value is kept, flagged `limited`)
 */
export type DecimalConvention = 'comma' | 'point';

export type ParsedNumber =
	| { kind: 'number'; value: number; percent: boolean; limited: boolean }
	| { kind: 'suppressed'; marker: string }
	| { kind: 'empty' }
	| { kind: 'text' };

export interface NumberOptions {
	convention?: DecimalConvention;
	dashMeansZero?: boolean;
}

const SUPPRESSED = new Set(['–', '—', '-', '.', 'x', 'X', '/', '•', '·', '...', '…', '*']);
const DASHES = new Set(['–', '—', '-']);
// Spaces used as thousands separators: space, no-break space, narrow no-break space, thin space.
const GROUP_SPACES = /[\u0020\u00a0\u202f\u2009]/g;
const HAS_GROUP_SPACE = /[\u0020\u00a0\u202f\u2009]/;

export function parseNumber(raw: string, opts: NumberOptions = {}): ParsedNumber {
	let s = raw.trim();
	if (s === '') return { kind: 'empty' };
	if (SUPPRESSED.has(s)) {
		if (opts.dashMeansZero && DASHES.has(s)) return { kind: 'number', value: 0, percent: false, limited: false };
		return { kind: 'suppressed', marker: s };
	}
	let limited = false;
	if (s.startsWith('(') && s.endsWith(')')) {
		limited = true;
		s = s.slice(1, -1).trim();
	}
	let percent = false;
	if (s.endsWith('%')) {
		percent = true;
		s = s.slice(0, -1).trim();
	}
	const value = parsePlain(s, opts.convention ?? 'comma');
	return value === null ? { kind: 'text' } : { kind: 'number', value, percent, limited };
}

/** The number value or null (empty, suppressed and text alike); percent values stay in percent units. */
export function numberOrNull(raw: string, opts?: NumberOptions): number | null {
	const p = parseNumber(raw, opts);
	return p.kind === 'number' ? p.value : null;
}

function parsePlain(input: string, convention: DecimalConvention): number | null {
	let s = input.replace(/^[−–]/, '-'); // Unicode minus and en dash as sign
	let sign = 1;
	if (s.startsWith('-') || s.startsWith('+')) {
		if (s.startsWith('-')) sign = -1;
		s = s.slice(1).trimStart();
	}
	if (s === '') return null;
	// Space-grouped thousands ("1 234 567") only in groups of three.
	if (HAS_GROUP_SPACE.test(s)) {
		const parts = s.split(GROUP_SPACES);
		if (!/^\d{1,3}$/.test(parts[0]) || !parts.slice(1, -1).every((p) => /^\d{3}$/.test(p))) return null;
		const last = parts[parts.length - 1];
		if (!/^\d{3}(?:[.,]\d+)?$/.test(last)) return null;
		s = parts.join('');
	}
	const [group, decimal] = convention === 'comma' ? ['.', ','] : [',', '.'];
	const groupRe = group === '.' ? /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/ : /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
	const plainRe = decimal === ',' ? /^(?:\d+(?:,\d*)?|,\d+)$/ : /^(?:\d+(?:\.\d*)?|\.\d+)$/;
	let normal: string;
	if (groupRe.test(s)) normal = s.split(group).join('');
	else if (plainRe.test(s)) normal = s;
	else if (/^\d+(?:[.,]\d+)?[eE][-+]?\d+$/.test(s)) normal = s.replace(',', '.'); // scientific, from software
	else return null;
	const v = Number(normal.replace(decimal, '.'));
	return Number.isFinite(v) ? sign * v : null;
}

/**
 * Votes over a column's values. A value with both marks shows the convention by which comes last; "1234,5" or
 * "0,25" show a decimal comma; "12.5" a decimal point; "1.234.567" grouping points (so comma). A value like
 * "1.234" or "1,234" alone is ambiguous and does not vote. A column without a majority takes `fallback` (the
 * file's convention, see table-file.ts columnConventions), which is German (comma) unless the file says otherwise.
 */
export function detectDecimalConvention(values: Iterable<string>, fallback: DecimalConvention = 'comma'): DecimalConvention {
	const { comma, point } = decimalVotes(values);
	return point > comma ? 'point' : comma > point ? 'comma' : fallback;
}

/** Votes for each convention among the first `sampleLimit` values (see {@link detectDecimalConvention}). */
export function decimalVotes(values: Iterable<string>, sampleLimit = 1000): { comma: number; point: number } {
	let comma = 0;
	let point = 0;
	let n = 0;
	for (const raw of values) {
		if (n++ >= sampleLimit) break;
		const s = raw.trim().replace(/^[(+\-−–]+|[)%\s]+$/g, '').replace(GROUP_SPACES, '');
		if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) continue;
		const lastComma = s.lastIndexOf(',');
		const lastPoint = s.lastIndexOf('.');
		if (lastComma >= 0 && lastPoint >= 0) {
			if (lastComma > lastPoint) comma++;
			else point++;
			continue;
		}
		const mark = lastComma >= 0 ? ',' : lastPoint >= 0 ? '.' : null;
		if (!mark) continue;
		const count = s.split(mark).length - 1;
		const isGrouping = /^\d{1,3}(?:[.,]\d{3})+$/.test(s);
		if (count > 1) {
			// Only a thousands separator can repeat.
			if (mark === '.') comma++;
			else point++;
		} else if (!isGrouping) {
			if (mark === ',') comma++;
			else point++;
		}
	}
	return { comma, point };
}

/** A number written the German way, for cells that spreadsheets store as numbers. */
export function formatGermanNumber(n: number): string {
	let s = String(n);
	if (/e/i.test(s)) s = n.toFixed(20).replace(/\.?0+$/, '');
	return s.replace('.', ',');
}
