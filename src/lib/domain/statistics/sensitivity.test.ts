import { describe, expect, it } from 'vitest';
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig } from './composite-index';
import { weightSensitivity } from './sensitivity';

const areas: AreaInput[] = [
	{ areaId: 'A', population: 500, values: { a: 1, b: 9 } },
	{ areaId: 'B', population: 500, values: { a: 9, b: 1 } },
	{ areaId: 'C', population: 500, values: { a: 5, b: 5 } },
	{ areaId: 'D', population: 500, values: { a: 6, b: 2 } },
	{ areaId: 'E', population: 50, values: { a: 9, b: 9 } }
];
const config: CompositeIndexConfig = {
	indicators: [
		{ key: 'a', direction: 'higherIsWorse', weight: 1 },
		{ key: 'b', direction: 'higherIsWorse', weight: 1 }
	],
	classThresholds: [-1, 1],
	missing: 'excludeArea',
	minPopulation: 100
};

describe('weightSensitivity', () => {
	const s = weightSensitivity(areas, config, 'b', [1, 0, 3]);

	it('the base weight as a variant changes nothing', () => {
		const same = s.variants[0];
		expect(same.spearman).toBe(1);
		expect(same.classChanges).toBe(0);
		expect(same.maxRankShift).toBe(0);
		expect(Object.values(same.rankChange).filter((v) => v !== null).every((v) => v === 0)).toBe(true);
	});

	it('reports base ranks and, per variant, ranks, classes and rank changes (positive = towards rank 1)', () => {
		const base = computeCompositeIndex(areas, config);
		for (const a of base.areas) expect(s.base[a.areaId]).toEqual({ rank: a.rank, class: a.class });
		const heavyB = s.variants[2];
		// A has the highest b: more weight on b moves it up.
		expect(heavyB.rankChange.A).toBeGreaterThan(0);
		expect(heavyB.rankChange.A).toBe((s.base.A.rank as number) - (heavyB.positions.A.rank as number));
		expect(heavyB.positions.A.rank).toBe(1);
	});

	it('weight 0 ranks by the other indicator alone and lowers the rank correlation', () => {
		const noB = s.variants[1];
		expect(noB.positions.B.rank).toBe(1);
		expect(noB.spearman).not.toBeNull();
		expect(noB.spearman as number).toBeLessThan(1);
		expect(noB.maxRankShift).toBeGreaterThan(0);
	});

	it('excluded areas get no rank change', () => {
		expect(s.variants.every((v) => v.rankChange.E === null && v.positions.E.rank === null)).toBe(true);
		expect(s.base.E).toEqual({ rank: null, class: null });
	});

	it('counts class changes against the base', () => {
		for (const v of s.variants) {
			const changed = Object.keys(v.positions).filter((id) => v.positions[id].class !== null && v.positions[id].class !== s.base[id].class).length;
			expect(v.classChanges).toBe(changed);
		}
	});

	it('refuses an indicator that is not configured', () => {
		expect(() => weightSensitivity(areas, config, 'zzz', [1])).toThrow(RangeError);
	});
});
