/** Languages of the UI. German is the default and the fallback for every missing message. */
export const locales = ['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'de-x-ls'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

export const localeNames: Record<Locale, string> = {
	de: 'Deutsch',
	en: 'English',
	tr: 'Türkçe',
	ar: 'العربية',
	ru: 'Русский',
	uk: 'Українська',
	pl: 'Polski',
	'de-x-ls': 'Leichte Sprache'
};

/**
 * The staff pages exist in German and English only (the catalogue test keeps both complete). The public pages
 * (portal, residents' needs, surveys: /p/…, /s/…) and the PDF have every language.
 */
export const staffLocales: readonly Locale[] = ['de', 'en'];
export const isPublicPath = (path: string): boolean => /^\/(p|s)\//.test(path);

/** The HTML lang attribute: Leichte Sprache is German text. */
export const htmlLang = (l: Locale): string => (l === 'de-x-ls' ? 'de' : l);
export const textDir = (l: Locale): 'rtl' | 'ltr' => (l === 'ar' ? 'rtl' : 'ltr');

export function isLocale(v: unknown): v is Locale {
	return typeof v === 'string' && (locales as readonly string[]).includes(v);
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | null): Locale {
	if (!header) return defaultLocale;
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.find((p) => p.trim().startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
		})
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		const base = tag.split('-')[0];
		if (isLocale(base) && base !== 'de-x-ls') return base;
	}
	return defaultLocale;
}

export const LOCALE_COOKIE = 'quartier_lang';
