import { describe, expect, it } from 'vitest';
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig } from './composite-index';
import { explainAll, explainArea } from './explain';

const areas: AreaInput[] = [
	{ areaId: 'A', values: { poverty: 30, unemployment: 4, benefits: 10 } },
	{ areaId: 'B', values: { poverty: 10, unemployment: 8, benefits: 12 } },
	{ areaId: 'C', values: { poverty: 20, unemployment: 6, benefits: 14 } },
	{ areaId: 'D', values: { poverty: 20, unemployment: 6, benefits: null } }
];
const config: CompositeIndexConfig = {
	indicators: [
		{ key: 'poverty', direction: 'higherIsWorse', weight: 2 },
		{ key: 'unemployment', direction: 'higherIsWorse', weight: 1 },
		{ key: 'benefits', direction: 'higherIsWorse', weight: 1 }
	],
	classThresholds: [-1, 1],
	missing: 'ignoreIndicator'
};
const result = computeCompositeIndex(areas, config);

describe('explainArea', () => {
	it('sorts contributions from most disadvantaging to most advantaging', () => {
		const e = explainArea(result, 'A')!;
		expect(e.drivers.map((d) => d.indicator)).toEqual(['poverty', 'benefits', 'unemployment']);
		expect(e.pullingUp.map((d) => d.indicator)).toEqual(['poverty']);
		expect(e.pullingDown.map((d) => d.indicator)).toEqual(['unemployment', 'benefits']);
		expect(e.drivers[0].contribution).toBeCloseTo(2 * (e.drivers[0].z as number), 12);
	});

	it('shares add up to 1 and carry index, rank and class', () => {
		const e = explainArea(result, 'B')!;
		expect(e.drivers.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 12);
		const area = result.areas.find((a) => a.areaId === 'B')!;
		expect([e.index, e.rank, e.class]).toEqual([area.index, area.rank, area.class]);
	});

	it('names the indicators an area lacks', () => {
		expect(explainArea(result, 'D')!.missing).toEqual(['benefits']);
	});

	it('returns null for unknown and excluded areas', () => {
		expect(explainArea(result, 'nope')).toBeNull();
		const r = computeCompositeIndex(areas, { ...config, manualExclusions: { A: 'test' } });
		expect(explainArea(r, 'A')).toBeNull();
	});
});

describe('explainAll', () => {
	it('lists every included area in rank order', () => {
		const all = explainAll(result);
		expect(all.map((e) => e.rank)).toEqual([...all.map((e) => e.rank)].sort((a, b) => a - b));
		expect(all).toHaveLength(4);
	});
});
