import { htmlLang, type Locale } from '../../i18n';

/** Date and time for tables and notices, in the page's language and German local time. */
export function formatDateTime(iso: string | null, locale: Locale): string | null {
	if (!iso) return null;
	return new Intl.DateTimeFormat(htmlLang(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));
}
