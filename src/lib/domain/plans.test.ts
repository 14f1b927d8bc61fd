import { describe, expect, it } from 'vitest';
import { collectRows, createsCycle, endBeforeStart, goalTree, rowsToValues, siteProblems } from './plans';

describe('plan rules', () => {
	const parents = new Map<string, string | null>([
		['a', null],
		['b', 'a'],
		['c', 'b'],
		['d', null]
	]);

	it('detects cycles in the goal hierarchy', () => {
		expect(createsCycle('a', 'c', parents)).toBe(true);
		expect(createsCycle('a', 'a', parents)).toBe(true);
		expect(createsCycle('b', 'd', parents)).toBe(false);
		expect(createsCycle('d', null, parents)).toBe(false);
		expect(createsCycle('d', 'c', parents)).toBe(false);
	});

	it('terminates on corrupt data that already has a cycle', () => {
		const bad = new Map<string, string | null>([
			['x', 'y'],
			['y', 'x']
		]);
		expect(createsCycle('z', 'x', bad)).toBe(true);
	});

	it('orders goals as a tree with depth', () => {
		const goals = [
			{ id: 'c', parentGoalId: 'b' },
			{ id: 'b', parentGoalId: 'a' },
			{ id: 'a', parentGoalId: null },
			{ id: 'd', parentGoalId: null },
			{ id: 'e', parentGoalId: 'missing' }
		];
		expect(goalTree(goals).map((g) => `${g.id}${g.depth}`)).toEqual(['a0', 'b1', 'c2', 'd0', 'e0']);
	});

	it('compares dates', () => {
		expect(endBeforeStart('2025-02-01', '2025-01-31')).toBe(true);
		expect(endBeforeStart('2025-02-01', '2025-02-01')).toBe(false);
		expect(endBeforeStart(null, '2025-01-01')).toBe(false);
	});

	it('checks the site', () => {
		expect(siteProblems({ spatialScope: 'site', siteLabel: '', siteLat: null, siteLon: null })).toEqual({ siteLabel: 'error.siteRequired' });
		expect(siteProblems({ spatialScope: 'site', siteLabel: '', siteLat: 52.5, siteLon: null })).toEqual({ siteLon: 'error.latLonPair' });
		expect(siteProblems({ spatialScope: 'district', siteLabel: '', siteLat: null, siteLon: 13.4 })).toEqual({ siteLat: 'error.latLonPair' });
		expect(siteProblems({ spatialScope: 'site', siteLabel: 'Brache X', siteLat: null, siteLon: null })).toEqual({});
		expect(siteProblems({ spatialScope: 'site', siteLabel: '', siteLat: 52.5, siteLon: 13.4 })).toEqual({});
	});

	it('collects filled repeatable rows and puts them back', () => {
		const rows = collectRows(
			{
				'milestones.0.title': 'A',
				'milestones.0.dueDate': '2025-01-01',
				'milestones.1.title': '',
				'milestones.1.dueDate': '',
				'milestones.1.done': 'on',
				'milestones.10.title': 'C',
				'milestones.2.title': ' ',
				other: 'x'
			},
			'milestones'
		);
		expect(rows).toEqual([{ title: 'A', dueDate: '2025-01-01' }, { title: 'C' }]);
		expect(rowsToValues('milestones', rows)).toEqual({ 'milestones.0.title': 'A', 'milestones.0.dueDate': '2025-01-01', 'milestones.1.title': 'C' });
	});
});
