/**
 * Money as integer cents. Input is typed by people in German offices: "12.500,00", "12500", "1.250,50 €",
 * "12 500", "EUR 99,9". Also accepted: an English-style decimal point when it cannot be a thousands separator
 * ("1250.50"). Anything ambiguous or malformed is refused rather than guessed.
 */

/** Upper bound: 999 999 999 999,99 € (keeps every value a safe integer in JS and in a bigint column). */
export const MAX_CENTS = 99_999_999_999_999;

export type MoneyParse = { ok: true; cents: number } | { ok: false; error: 'error.money' | 'error.negative' | 'error.tooBig' };

const SPACES = /[\s\u00a0\u202f]/g;

export function parseMoney(raw: string): MoneyParse {
	let s = raw.replace(SPACES, '');
	s = s.replace(/^(€|EUR)/i, '').replace(/(€|EUR)$/i, '');
	if (s === '') return { ok: false, error: 'error.money' };
	let negative = false;
	if (s.startsWith('-') || s.startsWith('−')) {
		negative = true;
		s = s.slice(1).replace(/^(€|EUR)/i, '');
	}
	let intPart: string;
	let fracPart = '';
	if (s.includes(',')) {
		// German: comma is the decimal separator, dots group thousands.
		const parts = s.split(',');
		if (parts.length !== 2) return { ok: false, error: 'error.money' };
		[intPart, fracPart] = parts;
		if (!validGrouping(intPart, '.')) return { ok: false, error: 'error.money' };
		intPart = intPart.replace(/\./g, '');
	} else if (s.includes('.')) {
		const parts = s.split('.');
		const last = parts[parts.length - 1];
		if (parts.length === 2 && last.length !== 3) {
			// "1250.5" / "1250.50": a decimal point (a thousands separator always has three digits after it).
			[intPart, fracPart] = parts;
		} else {
			if (!validGrouping(s, '.')) return { ok: false, error: 'error.money' };
			intPart = s.replace(/\./g, '');
		}
	} else {
		intPart = s;
	}
	if (intPart === '' && fracPart !== '') intPart = '0'; // ",50"
	if (!/^\d+$/.test(intPart) || !/^\d{0,2}$/.test(fracPart)) return { ok: false, error: 'error.money' };
	if (intPart.length > 15) return { ok: false, error: 'error.tooBig' };
	const cents = Number(intPart) * 100 + Number(fracPart.padEnd(2, '0') || '0');
	if (negative && cents !== 0) return { ok: false, error: 'error.negative' };
	if (cents > MAX_CENTS) return { ok: false, error: 'error.tooBig' };
	return { ok: true, cents };
}

/** "12.500" is valid grouping, "12.50.0" and ".500" are not; a number without separators is always fine. */
function validGrouping(s: string, sep: string): boolean {
	if (!s.includes(sep)) return /^\d*$/.test(s);
	const groups = s.split(sep);
	return /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

const eurFormats = new Map<string, Intl.NumberFormat>();
/** "12.500,00 €" in German; the locale only changes the presentation. */
export function formatEuro(cents: number, locale = 'de-DE'): string {
	let f = eurFormats.get(locale);
	if (!f) {
		f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
		eurFormats.set(locale, f);
	}
	return f.format(cents / 100);
}

const plain = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
/** The German input form of an amount ("12.500,00"), used to refill forms and in CSV exports. */
export function centsToGermanDecimal(cents: number): string {
	return plain.format(cents / 100);
}
