import { readdirSync, readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import catalogue from '$lib/i18n/messages/statistics-import';

/** Every issue code raised in this folder has a German and an English message. */
describe('import messages', () => {
	const dir = new URL('.', import.meta.url);
	const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
	const codes = new Set<string>();
	for (const f of sources) {
		const text = readFileSync(new URL(f, dir), 'utf8');
		for (const m of text.matchAll(/(?:fail|makeIssue)\('([a-zA-Z]+)'/g)) codes.add(m[1]);
		for (const m of text.matchAll(/\| '([a-zA-Z]+)'/g)) if (f === 'geometry-check.ts') codes.add(m[1]);
	}

	it('finds the codes', () => expect(codes.size).toBeGreaterThan(40));

	it.each(['de', 'en'] as const)('has a parseable %s message for every code', (locale) => {
		const missing = [...codes].filter((c) => !catalogue[locale][`import.${c}` as keyof (typeof catalogue)['de']]);
		expect(missing).toEqual([]);
		for (const text of Object.values(catalogue[locale])) expect(() => new IntlMessageFormat(text, locale)).not.toThrow();
	});
});
