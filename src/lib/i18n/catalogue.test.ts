import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { allKeys, translate, negotiateLocale, isPublicPath, staffLocales } from './index';
import { catalogues } from './messages';

describe('message catalogue', () => {
	it('has every German key in English too, and no English-only keys', () => {
		const de = new Set(allKeys('de'));
		const en = new Set(allKeys('en'));
		expect([...de].filter((k) => !en.has(k))).toEqual([]);
		expect([...en].filter((k) => !de.has(k))).toEqual([]);
	});

	it('parses every message as ICU MessageFormat with the same placeholders in each language', () => {
		const names = (els: MessageFormatElement[], out = new Set<string>()): Set<string> => {
			for (const el of els) {
				if ('value' in el && typeof el.value === 'string' && el.type !== 0) out.add(el.value);
				if ('options' in el) for (const o of Object.values(el.options)) names(o.value, out);
				if ('children' in el) names(el.children, out);
			}
			return out;
		};
		const placeholders = (s: string) => [...names(parse(s))].sort().join(',');
		for (const cat of catalogues) {
			for (const [locale, messages] of Object.entries(cat)) {
				for (const [key, text] of Object.entries(messages ?? {})) {
					expect(() => new IntlMessageFormat(text, locale === 'de-x-ls' ? 'de' : locale), `${locale}:${key}`).not.toThrow();
					if (locale !== 'de') expect(placeholders(text), `${locale}:${key}`).toBe(placeholders(cat.de[key] ?? text));
				}
			}
		}
	});

	it('falls back to German and formats plurals', () => {
		expect(translate('tr', 'nav.main')).toBe(translate('de', 'nav.main'));
		expect(translate('de', 'common.count', { count: 1 })).toBe('1 Eintrag');
		expect(translate('en', 'common.count', { count: 3 })).toBe('3 entries');
	});

	it('negotiates the language from Accept-Language, defaulting to German', () => {
		expect(negotiateLocale('ar-SA,ar;q=0.9,en;q=0.5')).toBe('ar');
		expect(negotiateLocale('fr-FR,fr;q=0.9')).toBe('de');
		expect(negotiateLocale(null)).toBe('de');
		expect(negotiateLocale('fr;q=0.9, tr;q=0.8')).toBe('tr');
	});

	it('staff pages have German and English; the public pages (portal, surveys) every language', () => {
		expect(staffLocales).toEqual(['de', 'en']);
		for (const path of ['/p/berlin', '/p/berlin/districts/x/needs/new', '/s/token', '/s/token/kiosk']) expect(isPublicPath(path), path).toBe(true);
		for (const path of ['/', '/login', '/m/berlin/surveys', '/pp/x', '/admin', '/p', '/sx/y']) expect(isPublicPath(path), path).toBe(false);
		// the staff languages' catalogues are complete
		for (const l of staffLocales) expect(allKeys(l).length, l).toBe(allKeys('de').length);
	});
});
