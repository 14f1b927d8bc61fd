import { describe, expect, it } from 'vitest';
import { isFiltered, noticeFrom, readFilter } from './filter-params';
import { filterActivities } from './actors';

describe('filter query parameters', () => {
	const spec = {
		q: { kind: 'search' },
		kind: { kind: 'choice', allowed: ['school', 'kita'] },
		fieldId: { kind: 'choice', allowed: ['f1'], param: 'field' },
		stale: { kind: 'check' }
	} as const;

	it('reads search, choices (under another key) and checkboxes; unknown or foreign values mean "all"', () => {
		const p = new URLSearchParams({ q: `  Sprach café ${'x'.repeat(300)}`, kind: 'university', field: 'f1', stale: 'on' });
		const f = readFilter(p, spec);
		expect(f.q.startsWith('Sprach café')).toBe(true);
		expect(f.q).toHaveLength(200);
		expect(f).toMatchObject({ kind: '', fieldId: 'f1', stale: true });
		expect(isFiltered(f)).toBe(true);
		const none = readFilter(new URLSearchParams('stale=yes&field=f2'), spec);
		expect(none).toEqual({ q: '', kind: '', fieldId: '', stale: false });
		expect(isFiltered(none)).toBe(false);
		expect(isFiltered({ districts: [] })).toBe(false);
	});

	it('knows only the notices a page offers', () => {
		expect(noticeFrom(new URLSearchParams('notice=deleted'), ['deleted', 'merged'] as const)).toBe('deleted');
		expect(noticeFrom(new URLSearchParams('notice=<script>'), ['deleted'] as const)).toBeNull();
		expect(noticeFrom(new URLSearchParams(''), ['deleted'] as const)).toBeNull();
	});

	it('filters activities by field, language, target group, staleness and folded words', () => {
		const base = { description: '', address: '', schedule: '', actionFieldId: 'f1', languages: ['tr'], targetGroups: ['parents'], stale: false };
		const list = [
			{ ...base, id: 'a', title: 'Sprachcafé', actorName: 'Verein Brücke', stale: true },
			{ ...base, id: 'b', title: 'Hausaufgabenhilfe', actorName: 'Schule', actionFieldId: 'f2', languages: ['ar'], targetGroups: ['children'] }
		];
		const labels = { language: (c: string) => ({ tr: 'Türkisch', ar: 'Arabisch' })[c] ?? c, targetGroup: (g: string) => g };
		const ids = (f: Parameters<typeof filterActivities>[1]) => filterActivities(list, f, labels).map((x) => x.id);
		expect(ids({})).toEqual(['a', 'b']);
		expect(ids({ q: 'turkisch SPRACHCAFE' })).toEqual(['a']);
		expect(ids({ q: 'brucke' })).toEqual(['a']);
		expect(ids({ fieldId: 'f2' })).toEqual(['b']);
		expect(ids({ language: 'tr' })).toEqual(['a']);
		expect(ids({ target: 'children' })).toEqual(['b']);
		expect(ids({ stale: true })).toEqual(['a']);
		expect(ids({ q: 'arabisch', stale: true })).toEqual([]);
	});
});
