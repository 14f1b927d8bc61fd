import { describe, expect, it } from 'vitest';
import { addMonths, circleLayout, filterActors, foldText, isStale, orderedPair, parseTime } from './actors';

describe('actor inventory rules', () => {
	it('counts months on the calendar and marks activities stale after twelve months', () => {
		expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
		expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
		expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
		expect(isStale(null, '2026-11-25')).toBe(true);
		expect(isStale('2025-11-25', '2026-11-25')).toBe(false);
		expect(isStale('2025-11-24', '2026-11-25')).toBe(true);
	});

	it('reads times of day tolerantly and refuses impossible ones', () => {
		expect(parseTime('9:05')).toBe('09:05');
		expect(parseTime('16.30')).toBe('16:30');
		expect(parseTime('24:00')).toBeNull();
		expect(parseTime('12:60')).toBeNull();
		expect(parseTime('mittags')).toBeNull();
	});

	it('stores a cooperation pair in one order', () => {
		expect(orderedPair('b', 'a')).toEqual(['a', 'b']);
		expect(orderedPair('a', 'b')).toEqual(['a', 'b']);
	});

	it('searches name, function, languages and target groups without regard to accents, and filters', () => {
		const actors = [
			{ id: '1', name: 'Türkischer Elternverein', kind: 'migrant-organisation', level: 'city', function: '', languages: ['tr'], actionFieldIds: [], keyPerson: true },
			{ id: '2', name: 'Jugendamt', kind: 'administration', level: 'city', function: 'Hilfen zur Erziehung', languages: [], actionFieldIds: ['f1'] },
			{ id: '3', name: 'Kita Sonne', kind: 'kita', level: 'district', function: '', languages: ['de'], actionFieldIds: [] }
		];
		const activities = [{ actorId: '3', title: 'Elterncafé', actionFieldId: 'f2', languages: ['ar'], targetGroups: ['parents'] }];
		const labels = { language: (c: string) => ({ tr: 'Türkisch', ar: 'Arabisch', de: 'Deutsch' })[c] ?? c, targetGroup: (g: string) => (g === 'parents' ? 'Eltern' : g) };
		const ids = (f: Parameters<typeof filterActors>[2]) => filterActors(actors, activities, f, labels).map((a) => a.id);
		expect(ids({ q: 'turkisch' })).toEqual(['1']);
		expect(ids({ q: 'eltern' })).toEqual(['1', '3']);
		expect(ids({ q: 'erziehung' })).toEqual(['2']);
		expect(ids({ q: 'arabisch eltern' })).toEqual(['3']);
		expect(ids({ language: 'ar' })).toEqual(['3']);
		expect(ids({ fieldId: 'f1' })).toEqual(['2']);
		expect(ids({ fieldId: 'f2', level: 'district' })).toEqual(['3']);
		expect(ids({ keyPerson: true })).toEqual(['1']);
		expect(foldText('Straße Ärger')).toBe('strasse arger');
	});

	it('lays out the network deterministically, grouped by kind', () => {
		const nodes = [
			{ id: 'b', name: 'Schule', kind: 'school', keyPerson: false },
			{ id: 'a', name: 'Amt', kind: 'administration', keyPerson: false },
			{ id: 'c', name: 'Allein', kind: 'other', keyPerson: false }
		];
		const links = [{ a: 'a', b: 'b', description: '' }];
		const one = circleLayout(nodes, links, { size: 400, kindOrder: ['administration', 'school', 'other'] });
		const two = circleLayout([...nodes].reverse(), links, { size: 400, kindOrder: ['administration', 'school', 'other'] });
		expect(one).toEqual(two);
		expect(one.map((n) => n.id)).toEqual(['a', 'b', 'c']);
		expect(one[0]).toMatchObject({ x: 200, y: 80, degree: 1 });
		expect(circleLayout(nodes, links, { size: 400, kindOrder: [], connectedOnly: true }).map((n) => n.id).sort()).toEqual(['a', 'b']);
	});
});
