/** Presentation helpers for plan pages (pure, usable on server and client). */
import type { Translate } from '$lib/i18n';
import { htmlLang, type Locale } from '$lib/i18n';
import { formatEuro } from '$lib/domain/money';

export type FormValues = Record<string, string | string[]>;

/** A single form value as string (first of several). */
export const one = (values: FormValues | null | undefined, name: string): string => {
	const v = values?.[name];
	return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
/** A multi-value form field as list. */
export const many = (values: FormValues | null | undefined, name: string): string[] => {
	const v = values?.[name];
	return v === undefined ? [] : Array.isArray(v) ? v : v === '' ? [] : [v];
};

/** 'YYYY-MM-DD' as "31.12.2025" (German) or the locale's short date; the date is not shifted by time zones. */
export function formatDate(iso: string | null, locale: Locale): string {
	if (!iso) return '';
	const [y, m, d] = iso.split('-').map(Number);
	let f = dateFormats.get(locale);
	if (!f) {
		// Creating an Intl formatter costs far more than using one: the plan table formats hundreds of dates.
		f = new Intl.DateTimeFormat(htmlLang(locale), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
		dateFormats.set(locale, f);
	}
	return f.format(Date.UTC(y, m - 1, d));
}
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

export function scheduleText(t: Translate, locale: Locale, start: string | null, end: string | null): string {
	if (start && end) return t('measure.schedule.range', { start: formatDate(start, locale), end: formatDate(end, locale) });
	if (start) return t('measure.schedule.from', { start: formatDate(start, locale) });
	if (end) return t('measure.schedule.until', { end: formatDate(end, locale) });
	return t('measure.schedule.open');
}

export const money = (cents: number | null, locale: Locale): string => (cents === null ? '' : formatEuro(cents, htmlLang(locale) === 'de' ? 'de-DE' : htmlLang(locale)));

export function spatialText(t: Translate, m: { spatialScope: string; siteLabel: string }): string {
	if (m.spatialScope === 'site' && m.siteLabel) return t('measure.scope.siteNamed', { label: m.siteLabel });
	return t(`measure.scope.${m.spatialScope}`);
}

export function flagTexts(t: Translate, m: { decidableLocally: boolean; integrated: boolean; starterProject: boolean }): string[] {
	const out: string[] = [];
	if (m.decidableLocally) out.push(t('measure.flag.decidableLocally'));
	if (m.integrated) out.push(t('measure.flag.integrated'));
	if (m.starterProject) out.push(t('measure.flag.starterProject'));
	return out;
}
