import { IntlMessageFormat } from 'intl-messageformat';
import { defaultLocale, htmlLang, type Locale } from './locales';
import { catalogues } from './messages';

export * from './locales';

export type Messages = Record<string, string>;
export type Params = Record<string, string | number | Date | null | undefined>;
export type Translate = (key: string, params?: Params) => string;

const merged = new Map<string, Messages>();
function messagesFor(locale: Locale): Messages {
	let m = merged.get(locale);
	if (!m) {
		m = {};
		for (const cat of catalogues) Object.assign(m, cat[locale] ?? {});
		merged.set(locale, m);
	}
	return m;
}

const formatCache = new Map<string, IntlMessageFormat>();

/**
 * Translates a catalogue key (ICU message syntax). Falls back to German, then to the key itself so that
 * a missing text is visible instead of blank; the catalogue test makes sure none is missing in de/en.
 */
export function translate(locale: Locale, key: string, params?: Params): string {
	const source = messagesFor(locale)[key] ?? messagesFor(defaultLocale)[key];
	if (source === undefined) return key;
	if (!params && !source.includes('{')) return source;
	const cacheKey = `${locale}\u0000${key}`;
	let fmt = formatCache.get(cacheKey);
	if (!fmt) {
		fmt = new IntlMessageFormat(source, htmlLang(locale));
		formatCache.set(cacheKey, fmt);
	}
	return String(fmt.format(params as Record<string, string>));
}

export const translator =
	(locale: Locale): Translate =>
	(key, params) =>
		translate(locale, key, params);

export function hasMessage(locale: Locale, key: string): boolean {
	return key in messagesFor(locale);
}

export function allKeys(locale: Locale): string[] {
	return Object.keys(messagesFor(locale));
}
