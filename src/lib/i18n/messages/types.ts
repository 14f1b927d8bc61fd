import type { Locale } from '../locales';
/** One catalogue per domain area; German is required, other languages fall back to German. */
export type Catalogue = { de: Record<string, string> } & Partial<Record<Exclude<Locale, 'de'>, Record<string, string>>>;
