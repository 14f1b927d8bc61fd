/**
 * Number and period formatting for statistics views and exports. Pages format in the reader's language;
 * CSV exports always in German conventions (decimal comma, no grouping), as German offices expect them.
 * Suppressed and qualified figures are written with the official signs (domain/statistics/disclosure-symbols).
 */
import { cellText, type DisclosureFlag } from '../../../domain/statistics/disclosure-symbols';
import { htmlLang, type Locale } from '../../../i18n/locales';
import type { Indicator } from '../../indicators/indicators.repository';

const cache = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: Locale | 'csv', digits: number, signed = false): Intl.NumberFormat {
	const key = `${locale}|${digits}|${signed}`;
	let f = cache.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale === 'csv' ? 'de-DE' : htmlLang(locale), {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits,
			useGrouping: locale !== 'csv',
			signDisplay: signed ? 'exceptZero' : 'auto',
			numberingSystem: 'latn'
		});
		cache.set(key, f);
	}
	return f;
}

/** Decimal places for an indicator's values: counts whole, everything else one place. */
export const digitsOf = (indicator: Pick<Indicator, 'valueKind'>): number => (indicator.valueKind === 'count' ? 0 : 1);

/** One published figure as text: the number in the reader's format, or the official sign. */
export function figureText(value: number | null, flags: readonly DisclosureFlag[], digits: number, locale: Locale | 'csv', signed = false): string {
	const f = numberFormat(locale, digits, signed);
	return cellText(value, flags, (n) => f.format(n));
}

/** "2024-12-31" → "31.12.2024" (de) / "Dec 31, 2024" (en); "2024" stays; "2024-06" → "Juni 2024". */
export function periodLabel(period: string, locale: Locale): string {
	const lang = htmlLang(locale);
	const [y, m, d] = period.split('-').map(Number);
	if (d) return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC', numberingSystem: 'latn' }).format(Date.UTC(y, m - 1, d));
	if (m) return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(Date.UTC(y, m - 1, 1));
	return String(y);
}

/** A period as a point in time in (fractional) years, for trends: "2024" → 2024.5 (mid-year), "2024-12-31" → ≈2024.997. */
export function periodYears(period: string): number {
	const [y, m, d] = period.split('-').map(Number);
	if (!m) return y + 0.5;
	const start = Date.UTC(y, 0, 1);
	const end = Date.UTC(y + 1, 0, 1);
	const at = d ? Date.UTC(y, m - 1, d) : Date.UTC(y, m - 1, 15);
	return y + (at - start) / (end - start);
}

export function periodDate(period: string): Date {
	const [y, m, d] = period.split('-').map(Number);
	return new Date(Date.UTC(y, (m ?? 7) - 1, d ?? (m ? 15 : 1)));
}

/** Safe in SVG/XML text and attributes. */
export function xml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** File names: the letters people recognise, nothing a header or a file system trips over. */
export function fileSlug(s: string): string {
	return (
		s
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/ß/g, 'ss')
			.replace(/[^A-Za-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.toLowerCase()
			.slice(0, 80) || 'export'
	);
}
