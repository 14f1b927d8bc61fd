/**
 * Reproduces the official Berlin "Monitoring Soziale Stadtentwicklung 2021" with real data
 * (fixtures/README.md: Geoportal Berlin / Monitoring Soziale Stadtentwicklung 2021, geändert, dl-de/by-2-0).
 *
 * Method (mss-preset.ts): areas with < 300 inhabitants and the outlier 10100205 are excluded; every
 * indicator is z-standardised over the 536 remaining areas with the simple mean and the population SD;
 * single-indicator map classes cut that z at −1/+1/+1.5 (status, context) or −1/+1 (dynamics); the
 * status and dynamics indices re-standardise the sum of the three z-values and cut at the same
 * thresholds. Everything reproduces exactly except two single-indicator dynamics classes, pinned and
 * explained below.
 */
import { describe, expect, it } from 'vitest';
import { classify } from './classify';
import { explainArea } from './explain';
import { weightSensitivity } from './sensitivity';
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig, type CompositeIndexResult } from './composite-index';
import {
	MSS_DYNAMICS_THRESHOLDS,
	MSS_MIN_POPULATION,
	MSS_OUTLIERS,
	MSS_STATUS_THRESHOLDS,
	mssDynamicsCode,
	mssDynamicsIndexConfig,
	mssStatusIndexConfig
} from './mss-preset';
import { mssNumber, readMssCsv, type MssRow } from './fixtures/load-mss';

const indexRows = readMssCsv('mss-2021-index-indikatoren.csv');
const contextRows = readMssCsv('mss-2021-kontext-indikatoren.csv');
const indexClasses = new Map(readMssCsv('mss-2021-indizes.csv').map((r) => [r.PLR_ID, r]));

const STATUS = ['S1', 'S3', 'S4'];
const DYNAMICS = ['D1', 'D3', 'D4'];
/** context indicators that have a published SD class (KI_08/14/15 are empty on LOR 2021, KI_09/11 have none) */
const CONTEXT = ['KI_01', 'KI_02', 'KI_03', 'KI_04', 'KI_05', 'KI_16', 'KI_06', 'KI_17', 'KI_07', 'KI_10', 'KI_12', 'KI_13'];

function toAreas(rows: MssRow[], keys: string[]): AreaInput[] {
	return rows.map((r) => ({
		areaId: r.PLR_ID,
		population: mssNumber(r.EW),
		values: Object.fromEntries(keys.map((k) => [k, mssNumber(r[k])]))
	}));
}

/** Configured like MSS, but over any list of indicators (weights do not matter for the single z). */
function mssLike(keys: string[], sd: 'population' | 'sample' = 'population'): CompositeIndexConfig {
	return {
		indicators: keys.map((key) => ({ key, direction: 'higherIsWorse', weight: 1 })),
		classThresholds: [-1, 1, 1.5],
		missing: 'excludeArea',
		minPopulation: MSS_MIN_POPULATION,
		manualExclusions: MSS_OUTLIERS,
		sd
	};
}

interface Mismatch {
	id: string;
	value: string;
	z: number;
	published: number;
	computed: number;
}

/** Compares our class of every included area with the published `<key>_SD_GR`. */
function compareIndicatorClasses(result: CompositeIndexResult, rows: MssRow[], key: string, thresholds: readonly number[]) {
	const byId = new Map(rows.map((r) => [r.PLR_ID, r]));
	const mismatches: Mismatch[] = [];
	let compared = 0;
	for (const a of result.areas.filter((x) => x.included)) {
		const row = byId.get(a.areaId)!;
		const z = a.z[key] as number;
		const computed = classify(z, thresholds);
		const published = Number(row[`${key}_SD_GR`]);
		compared++;
		if (computed !== published) mismatches.push({ id: a.areaId, value: row[key], z: Number(z.toFixed(5)), published, computed });
	}
	return { compared, mismatches };
}

describe('MSS 2021 fixtures', () => {
	it('cover the 542 planning areas of LOR 2021 in the same order, 536 valid', () => {
		expect(indexRows).toHaveLength(542);
		expect(contextRows.map((r) => r.PLR_ID)).toEqual(indexRows.map((r) => r.PLR_ID));
		expect([...indexClasses.keys()]).toEqual(indexRows.map((r) => r.PLR_ID));
		expect(indexRows.filter((r) => r.KOM === 'gültig')).toHaveLength(536);
	});
});

describe('MSS 2021: which areas count', () => {
	const result = computeCompositeIndex(toAreas(indexRows, [...STATUS, ...DYNAMICS]), mssLike([...STATUS, ...DYNAMICS]));

	it('includes exactly the 536 areas published as "gültig"', () => {
		const included = new Set(result.areas.filter((a) => a.included).map((a) => a.areaId));
		const valid = new Set(indexRows.filter((r) => r.KOM === 'gültig').map((r) => r.PLR_ID));
		expect(included).toEqual(valid);
	});

	it('gives each excluded area the reason MSS gives', () => {
		const excluded = Object.fromEntries(result.areas.filter((a) => !a.included).map((a) => [a.areaId, a.exclusion?.reason]));
		expect(excluded).toEqual({
			'03300515': 'belowMinPopulation', // 38 inhabitants
			'03400831': 'populationUnknown', // Pankower Tor: no inhabitants published
			'04400725': 'belowMinPopulation', // 110
			'05300838': 'belowMinPopulation', // 21
			'06200418': 'belowMinPopulation', // 0
			'10100205': 'manual' // the outlier, 1262 inhabitants
		});
		for (const a of result.areas.filter((x) => !x.included)) {
			expect(a.index).toBeNull();
			expect(a.rank).toBeNull();
			expect(Object.values(a.z).every((v) => v === null)).toBe(true);
		}
	});
});

describe('MSS 2021: single-indicator classes (*_SD_GR) of the index indicators', () => {
	const result = computeCompositeIndex(toAreas(indexRows, [...STATUS, ...DYNAMICS]), mssLike([...STATUS, ...DYNAMICS]));

	it.each(STATUS)('%s_SD_GR: 536/536 areas reproduced (cuts −1, +1, +1.5 SD)', (key) => {
		const { compared, mismatches } = compareIndicatorClasses(result, indexRows, key, MSS_STATUS_THRESHOLDS);
		expect(compared).toBe(536);
		expect(mismatches).toEqual([]);
	});

	it('D4_SD_GR: 536/536 areas reproduced (cuts −1, +1 SD)', () => {
		const { compared, mismatches } = compareIndicatorClasses(result, indexRows, 'D4', MSS_DYNAMICS_THRESHOLDS);
		expect(compared).toBe(536);
		expect(mismatches).toEqual([]);
	});

	/*
	 * D1_SD_GR and D3_SD_GR: 535/536 each. The one differing area per indicator is pinned here, so any
	 * other change fails the test. Why it cannot be reproduced from the published values:
	 * - The published classes are monotone in the published values, so they were cut at two thresholds;
	 *   the data only leave room for D1's lower cut in (0.16918, 0.17456] (between 11501339 Karlshorst West,
	 *   class 1, and the next value, class 2) and for D3's upper cut in (0.51858, 0.52804] (10300734
	 *   Biesdorf Süd, class 2, and 12200411, class 3). Mean − SD of the published D1 values is 0.16520
	 *   (population SD; 0.16434 with the sample SD), mean + SD of D3 is 0.51737 (0.51875 sample).
	 * - No single rule fits: the sample SD would fix D3 but breaks D4 (10200420, z = 0.99994, is published
	 *   as class 3) and S3 (see below) and still misses D1; leaving out small areas (any EW cut-off),
	 *   trimming extreme z, or adding one more area (the outlier, any value) fits neither D1 nor D1+D3+D4.
	 * - The dynamics INDEX computed from the very same published D values reproduces 536/536 (below), so
	 *   the values are the ones the index used; only these two map classes disagree with them.
	 * - Each class is reproduced if that one area's value had been ≤ 0.165 (D1) or ≤ 0.517 (D3) when the
	 *   map classes were cut (all other values unchanged). The likely cause (unverified) is a later
	 *   revision of the homogenised 2018 base values ("_homogen": MSS 2021 was moved from 447 to 542
	 *   planning areas) for these two areas after the per-indicator map classes had been produced.
	 */
	it('D1_SD_GR: 535/536; only 11501339 Karlshorst West differs (published 1, z = −0.99568 → 2)', () => {
		const { compared, mismatches } = compareIndicatorClasses(result, indexRows, 'D1', MSS_DYNAMICS_THRESHOLDS);
		expect(compared).toBe(536);
		expect(mismatches).toEqual([{ id: '11501339', value: '0.16918', z: -0.99568, published: 1, computed: 2 }]);
	});

	it('D3_SD_GR: 535/536; only 10300734 Biesdorf Süd differs (published 2, z = 1.00082 → 3)', () => {
		const { compared, mismatches } = compareIndicatorClasses(result, indexRows, 'D3', MSS_DYNAMICS_THRESHOLDS);
		expect(compared).toBe(536);
		expect(mismatches).toEqual([{ id: '10300734', value: '0.51858', z: 1.00082, published: 2, computed: 3 }]);
	});

	it('needs the POPULATION SD: with the sample SD S3 and D4 break', () => {
		const sample = computeCompositeIndex(toAreas(indexRows, [...STATUS, ...DYNAMICS]), mssLike([...STATUS, ...DYNAMICS], 'sample'));
		// 05400942 Alt-Gatow: S3 = 3.84404, z = −1.00017 with the population SD (class 1 as published), −0.99924 with the sample SD.
		expect(compareIndicatorClasses(sample, indexRows, 'S3', MSS_STATUS_THRESHOLDS).mismatches.map((m) => m.id)).toEqual(['05400942']);
		expect(compareIndicatorClasses(sample, indexRows, 'D4', MSS_DYNAMICS_THRESHOLDS).mismatches.map((m) => m.id)).toEqual(['10200420']);
	});
});

describe('MSS 2021: single-indicator classes (KI_*_SD_GR) of the context indicators', () => {
	const result = computeCompositeIndex(toAreas(contextRows, CONTEXT), mssLike(CONTEXT));

	it('uses the same 536 areas', () => {
		expect(result.includedCount).toBe(536);
	});

	it.each(CONTEXT)('%s_SD_GR: 536/536 areas reproduced (same rule: cuts −1, +1, +1.5 SD)', (key) => {
		const { compared, mismatches } = compareIndicatorClasses(result, contextRows, key, MSS_STATUS_THRESHOLDS);
		expect(compared).toBe(536);
		expect(mismatches).toEqual([]);
	});

	it('the sample SD would get 5 context indicators wrong', () => {
		const sample = computeCompositeIndex(toAreas(contextRows, CONTEXT), mssLike(CONTEXT, 'sample'));
		const broken = CONTEXT.filter((k) => compareIndicatorClasses(sample, contextRows, k, MSS_STATUS_THRESHOLDS).mismatches.length > 0);
		expect(broken).toEqual(['KI_01', 'KI_04', 'KI_07', 'KI_10', 'KI_12']);
	});
});

describe('MSS 2021: status and dynamics index', () => {
	const status = computeCompositeIndex(toAreas(indexRows, STATUS), mssStatusIndexConfig());
	const dynamics = computeCompositeIndex(toAreas(indexRows, DYNAMICS), mssDynamicsIndexConfig());

	it('status index (S1+S3+S4 re-standardised; hoch/mittel/niedrig/sehr niedrig): 536/536 classes reproduced', () => {
		const wrong = status.areas.filter((a) => a.included && a.class !== Number(indexClasses.get(a.areaId)!.SI_N));
		expect(status.includedCount).toBe(536);
		expect(wrong).toEqual([]);
	});

	it('dynamics index (D1+D3+D4 re-standardised; positiv/stabil/negativ = 1/3/5): 536/536 classes reproduced', () => {
		const wrong = dynamics.areas.filter((a) => a.included && mssDynamicsCode(a.class as number) !== Number(indexClasses.get(a.areaId)!.DI_N));
		expect(dynamics.includedCount).toBe(536);
		expect(wrong).toEqual([]);
	});

	it('the invalid areas have no published index class and get none', () => {
		for (const a of status.areas.filter((x) => !x.included)) expect(indexClasses.get(a.areaId)!.SI_N).toBe('-9999');
	});

	it('re-standardisation matters: classifying the plain mean of the z-values gets 5 status classes wrong', () => {
		const wrong = status.areas.filter((a) => {
			if (!a.included) return false;
			const meanZ = (a.rawSum as number) / 3;
			return classify(meanZ, MSS_STATUS_THRESHOLDS) !== Number(indexClasses.get(a.areaId)!.SI_N);
		});
		expect(wrong.map((a) => a.areaId)).toEqual(['01200625', '01401048', '06300631', '08100417', '09501838']);
	});

	it('reproduces the published class counts (fixture: SI 75/366/46/49, DI 48/436/52)', () => {
		const count = (r: CompositeIndexResult) => r.areas.filter((a) => a.included).reduce<Record<number, number>>((acc, a) => ((acc[a.class as number] = (acc[a.class as number] ?? 0) + 1), acc), {});
		expect(count(status)).toEqual({ 1: 75, 2: 366, 3: 46, 4: 49 });
		expect(count(dynamics)).toEqual({ 1: 48, 2: 436, 3: 52 });
	});

	it('rank 1 is the most disadvantaged area and ranks follow the index', () => {
		const incl = status.areas.filter((a) => a.included).sort((a, b) => (a.rank as number) - (b.rank as number));
		expect(incl[0].rank).toBe(1);
		expect(incl[0].class).toBe(4);
		for (let i = 1; i < incl.length; i++) expect(incl[i].index as number).toBeLessThanOrEqual(incl[i - 1].index as number);
	});
});

describe('MSS 2021: explanation and sensitivity on real data', () => {
	const areas = toAreas(indexRows, STATUS);
	const status = computeCompositeIndex(areas, mssStatusIndexConfig());

	it('explains the most disadvantaged area by its three indicators, all pulling up', () => {
		const top = status.areas.find((a) => a.rank === 1)!;
		const e = explainArea(status, top.areaId)!;
		expect(e.drivers).toHaveLength(3);
		expect(e.pullingUp).toHaveLength(3);
		expect(e.drivers.reduce((sum, d) => sum + d.contribution, 0)).toBeCloseTo(top.rawSum as number, 12);
	});

	it('varying the child-poverty weight: the MSS weight 1 is the base, other weights keep a high rank correlation', () => {
		const s = weightSensitivity(areas, mssStatusIndexConfig(), 'S4', [0.5, 1, 2]);
		const [half, same, double] = s.variants;
		expect(same.classChanges).toBe(0);
		expect(same.spearman).toBe(1);
		for (const v of [half, double]) {
			expect(v.spearman as number).toBeGreaterThan(0.95);
			expect(v.spearman as number).toBeLessThan(1);
			expect(v.classChanges).toBeGreaterThan(0);
		}
	});
});
