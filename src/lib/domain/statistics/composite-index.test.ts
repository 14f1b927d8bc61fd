import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig } from './composite-index';
import { mean, standardDeviation } from './standardise';

const areas: AreaInput[] = [
	{ areaId: 'A', population: 1000, values: { unemployment: 10, income: 20 } },
	{ areaId: 'B', population: 2000, values: { unemployment: 5, income: 30 } },
	{ areaId: 'C', population: 1500, values: { unemployment: 15, income: 10 } },
	{ areaId: 'D', population: 800, values: { unemployment: 10, income: 40 } }
];

const config: CompositeIndexConfig = {
	indicators: [
		{ key: 'unemployment', direction: 'higherIsWorse', weight: 1 },
		{ key: 'income', direction: 'higherIsBetter', weight: 1 }
	],
	classThresholds: [-1, 1, 1.5],
	missing: 'excludeArea'
};

const byId = (r: ReturnType<typeof computeCompositeIndex>, id: string) => r.areas.find((a) => a.areaId === id)!;

describe('computeCompositeIndex', () => {
	const r = computeCompositeIndex(areas, config);

	it('standardises each indicator with the simple mean and the population SD', () => {
		expect(r.indicatorMoments.unemployment).toEqual({ n: 4, mean: 10, sd: Math.sqrt(12.5) });
		expect(byId(r, 'C').z.unemployment).toBeCloseTo(5 / Math.sqrt(12.5), 12);
	});

	it('turns the sign for "higher is better" and multiplies by the weight', () => {
		const c = byId(r, 'C');
		expect(c.contributions.income).toBeCloseTo(-(c.z.income as number), 12);
		expect(c.rawSum).toBeCloseTo((c.contributions.unemployment as number) + (c.contributions.income as number), 12);
	});

	it('re-standardises the sum: the index has mean 0 and SD 1 over the included areas', () => {
		const idx = r.areas.map((a) => a.index as number);
		expect(mean(idx)).toBeCloseTo(0, 12);
		expect(standardDeviation(idx)).toBeCloseTo(1, 12);
	});

	it('ranks the most disadvantaged first (C: high unemployment, low income)', () => {
		expect(r.areas.map((a) => [a.areaId, a.rank])).toEqual([
			['A', 2],
			['B', 4],
			['C', 1],
			['D', 3]
		]);
	});

	it('classes follow the thresholds', () => {
		for (const a of r.areas) {
			const z = a.index as number;
			expect(a.class).toBe(z < -1 ? 1 : z < 1 ? 2 : z < 1.5 ? 3 : 4);
		}
	});

	it('ties share a rank', () => {
		const twins: AreaInput[] = [
			{ areaId: 'x', values: { u: 5 } },
			{ areaId: 'y', values: { u: 5 } },
			{ areaId: 'z', values: { u: 1 } },
			{ areaId: 'w', values: { u: 9 } }
		];
		const t = computeCompositeIndex(twins, { indicators: [{ key: 'u', direction: 'higherIsWorse', weight: 1 }], classThresholds: [], missing: 'excludeArea' });
		expect(t.areas.map((a) => a.rank)).toEqual([2, 2, 4, 1]);
	});

	it('weights change the result: income weighted 0 ranks by unemployment alone', () => {
		const w = computeCompositeIndex(areas, { ...config, indicators: [config.indicators[0], { ...config.indicators[1], weight: 0 }] });
		expect(byId(w, 'C').rank).toBe(1);
		expect(byId(w, 'B').rank).toBe(4);
		expect(byId(w, 'A').rank).toBe(byId(w, 'D').rank); // both 10 % unemployment
		expect(byId(w, 'A').contributions.income).toBe(0);
	});
});

describe('inclusion', () => {
	it('excludes areas below the minimum population from the statistics, with a reason', () => {
		const r = computeCompositeIndex(areas, { ...config, minPopulation: 900 });
		const d = byId(r, 'D');
		expect(d.included).toBe(false);
		expect(d.exclusion).toEqual({ reason: 'belowMinPopulation' });
		expect(d.index).toBeNull();
		expect(d.rank).toBeNull();
		expect(r.indicatorMoments.unemployment.n).toBe(3);
		expect(r.includedCount).toBe(3);
	});

	it('excludes an area with unknown population when a minimum is set', () => {
		const r = computeCompositeIndex([...areas, { areaId: 'E', values: { unemployment: 1, income: 1 } }], { ...config, minPopulation: 1 });
		expect(byId(r, 'E').exclusion).toEqual({ reason: 'populationUnknown' });
	});

	it('manual exclusions carry their note and win over other reasons', () => {
		const r = computeCompositeIndex(areas, { ...config, minPopulation: 900, manualExclusions: { D: 'Ausreißer' } });
		expect(byId(r, 'D').exclusion).toEqual({ reason: 'manual', note: 'Ausreißer' });
	});
});

describe('missing values', () => {
	const withGap: AreaInput[] = [...areas, { areaId: 'E', population: 900, values: { unemployment: 20, income: null } }];

	it("'excludeArea' leaves the area out and names the missing indicators", () => {
		const r = computeCompositeIndex(withGap, config);
		expect(byId(r, 'E').exclusion).toEqual({ reason: 'missingValues', indicators: ['income'] });
		// The statistics are those of the four complete areas.
		expect(r.indicatorMoments.unemployment.mean).toBe(10);
	});

	it("'ignoreIndicator' keeps the area and scales its present contributions to the full weight", () => {
		const r = computeCompositeIndex(withGap, { ...config, missing: 'ignoreIndicator' });
		const e = byId(r, 'E');
		expect(e.included).toBe(true);
		expect(e.z.income).toBeNull();
		expect(e.contributions.income).toBeNull();
		expect(e.rawSum).toBeCloseTo((e.contributions.unemployment as number) * 2, 12);
		expect(r.indicatorMoments.unemployment.n).toBe(5);
		expect(r.indicatorMoments.income.n).toBe(4);
		expect(e.rank).toBe(1);
	});

	it('an area without any value is excluded under both policies', () => {
		const none: AreaInput = { areaId: 'N', values: {} };
		for (const missing of ['excludeArea', 'ignoreIndicator'] as const) {
			const r = computeCompositeIndex([...areas, none], { ...config, missing });
			expect(byId(r, 'N').exclusion?.reason).toBe('noValues');
		}
	});

	it('treats NaN and Infinity as missing', () => {
		const r = computeCompositeIndex([...areas, { areaId: 'F', values: { unemployment: Number.NaN, income: Infinity } }], config);
		expect(byId(r, 'F').exclusion?.reason).toBe('noValues');
	});
});

describe('configuration errors', () => {
	it('refuses an empty indicator list, duplicate keys, negative or all-zero weights, bad thresholds, duplicate areas', () => {
		expect(() => computeCompositeIndex(areas, { ...config, indicators: [] })).toThrow(RangeError);
		expect(() => computeCompositeIndex(areas, { ...config, indicators: [config.indicators[0], config.indicators[0]] })).toThrow(RangeError);
		expect(() => computeCompositeIndex(areas, { ...config, indicators: [{ ...config.indicators[0], weight: -1 }] })).toThrow(RangeError);
		expect(() => computeCompositeIndex(areas, { ...config, indicators: [{ ...config.indicators[0], weight: 0 }] })).toThrow(RangeError);
		expect(() => computeCompositeIndex(areas, { ...config, classThresholds: [1, 0] })).toThrow(RangeError);
		expect(() => computeCompositeIndex([areas[0], areas[0]], config)).toThrow(RangeError);
	});

	it('returns an empty result when no area qualifies', () => {
		const r = computeCompositeIndex(areas, { ...config, minPopulation: 1e9 });
		expect(r.includedCount).toBe(0);
		expect(r.sumMoments).toBeNull();
	});
});

describe('properties', () => {
	const areaArb = fc.array(
		fc.record({ u: fc.double({ min: -1e4, max: 1e4, noNaN: true }), v: fc.double({ min: 0, max: 100, noNaN: true }) }),
		{ minLength: 2, maxLength: 40 }
	);

	it('ranks are a competition ranking of the index, and scaling all weights changes nothing', () => {
		fc.assert(
			fc.property(areaArb, fc.double({ min: 0.1, max: 10, noNaN: true }), (rows, k) => {
				const input = rows.map((r, i) => ({ areaId: String(i), values: r }));
				const cfg = (w: number): CompositeIndexConfig => ({
					indicators: [
						{ key: 'u', direction: 'higherIsWorse', weight: w },
						{ key: 'v', direction: 'higherIsBetter', weight: 2 * w }
					],
					classThresholds: [-1, 1],
					missing: 'excludeArea'
				});
				const a = computeCompositeIndex(input, cfg(1));
				const b = computeCompositeIndex(input, cfg(k));
				for (const s of a.areas) {
					const better = a.areas.filter((o) => (o.index as number) > (s.index as number)).length;
					expect(s.rank).toBe(better + 1);
				}
				a.areas.forEach((s, i) => expect(b.areas[i].index as number).toBeCloseTo(s.index as number, 6));
			}),
			{ numRuns: 200 }
		);
	});
});
