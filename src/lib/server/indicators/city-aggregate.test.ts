import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { createIndicator } from './create-indicator';
import { saveStatisticalAreas } from './save-statistical-areas';
import { upsertObservations } from './upsert-observations';
import { findIndicatorByKey } from './indicators.repository';
import { cityAggregate, districtProfile, partialTotalDisclosable, timeSeries } from './indicator-figures';
import type { Observation } from './indicators.repository';

const share = { valueKind: 'share' as const, scale: 100, disclosureMin: 3 };
const count = { valueKind: 'count' as const, scale: 100, disclosureMin: 3 };
const obs = (areaId: string, f: Partial<Observation>): Observation => ({
	indicatorId: 'i',
	areaId,
	period: '2020',
	value: null,
	numerator: null,
	denominator: null,
	suppressed: false,
	estimated: false,
	provisional: false,
	limited: false,
	...f
});
const population = new Map([
	['a', 1000],
	['b', 3000],
	['c', 500],
	['d', null]
]);

describe('the city value (pure)', () => {
	it('is the aggregate of all areas when every area is known', () => {
		const c = cityAggregate(count, [obs('a', { value: 10 }), obs('b', { value: 20 }), obs('c', { value: 30 })], 3);
		expect(c).toMatchObject({ value: 60, basis: 'all', coverage: { areas: 3, withData: 3, suppressed: 0, used: 3 } });
	});

	it('is computed from the areas with known values when some are suppressed at source, and says so', () => {
		// MSS-like: shares without counts, one area secret → weighted by population over the known areas
		const c = cityAggregate(share, [obs('a', { value: 10 }), obs('b', { value: 20 }), obs('c', { suppressed: true })], 4, population);
		expect(c.basis).toBe('partial');
		expect(c.coverage).toEqual({ areas: 4, withData: 3, suppressed: 1, used: 2 });
		expect(c.value).toBeCloseTo((10 * 1000 + 20 * 3000) / 4000, 10);
		expect(c.suppressed).toBe(false);
		// shares with counts: recomputed from the known numerators and denominators
		const counts = cityAggregate(share, [obs('a', { value: 10, numerator: 100, denominator: 1000 }), obs('b', { value: 20, numerator: 600, denominator: 3000 }), obs('c', { suppressed: true })], 3);
		expect(counts).toMatchObject({ basis: 'partial', numerator: 700, denominator: 4000, coverage: { used: 2 } });
		expect(counts.value).toBeCloseTo(17.5, 10);
	});

	it('leaves out areas whose weight is unknown, counting them as missing', () => {
		const c = cityAggregate(share, [obs('a', { value: 10 }), obs('d', { value: 50 }), obs('c', { suppressed: true })], 3, population);
		expect(c).toMatchObject({ basis: 'partial', value: 10, coverage: { used: 1, withData: 3 } });
	});

	it('counts areas without any observation (nobody lives there) in the coverage, not as left out', () => {
		const c = cityAggregate(count, [obs('a', { value: 10 }), obs('b', { value: 20 })], 5);
		expect(c).toMatchObject({ value: 30, basis: 'all', coverage: { areas: 5, withData: 2, used: 2 } });
	});

	it('prefers the stored observation of the municipality-wide area', () => {
		const c = cityAggregate(share, [obs('a', { value: 10 }), obs('c', { suppressed: true })], 2, population, obs('city', { value: 12.5 }));
		expect(c).toMatchObject({ value: 12.5, basis: 'stored' });
		const secret = cityAggregate(share, [obs('a', { value: 10 })], 1, population, obs('city', { suppressed: true }));
		expect(secret).toMatchObject({ value: null, suppressed: true, basis: 'stored' });
	});

	it('is unknown when no area has a known value', () => {
		expect(cityAggregate(share, [obs('a', { suppressed: true })], 3, population)).toMatchObject({ value: null, basis: 'none', suppressed: true });
		expect(cityAggregate(share, [], 3, population)).toMatchObject({ value: null, basis: 'none', suppressed: false, coverage: { used: 0 } });
	});

	it('is kept secret when the sum of the known areas would give back an area kept secret beside it', () => {
		// 2 is below the minimum: shown alone on a map beside 100 and the partial total 102, it could be recovered.
		const lone = [obs('a', { value: 100 }), obs('b', { value: 2 }), obs('c', { suppressed: true })];
		expect(partialTotalDisclosable(count, lone)).toBe(false);
		expect(cityAggregate(count, lone, 3)).toMatchObject({ value: null, suppressed: true, basis: 'partial', coverage: { used: 0 } });
		// two small areas protect each other (as the complementary suppression of a map does)
		const two = [obs('a', { value: 100 }), obs('b', { value: 2 }), obs('e', { value: 1 }), obs('c', { suppressed: true })];
		expect(partialTotalDisclosable(count, two)).toBe(true);
		expect(cityAggregate(count, two, 4)).toMatchObject({ value: 103, basis: 'partial', coverage: { used: 3 } });
		// shares: the numerators are checked as counts too
		const shares = [obs('a', { numerator: 100, denominator: 1000, value: 10 }), obs('b', { numerator: 1, denominator: 200, value: 0.5 }), obs('c', { suppressed: true })];
		expect(cityAggregate(share, shares, 3)).toMatchObject({ value: null, suppressed: true });
		// shares without counts cannot give a count back
		expect(partialTotalDisclosable(share, [obs('a', { value: 10 }), obs('b', { value: 1 })])).toBe(true);
	});
});

describe.each(dbKinds())('the city line of time series and profiles [%s]', (kind) => {
	let t: TestDb;
	let tenant: Awaited<ReturnType<typeof createTenant>>;
	let ids: Record<string, string>;
	let indicatorId: string;

	beforeAll(async () => {
		t = await createTestDb(kind);
		tenant = await createTenant(t.db);
		const ind = await createIndicator({ ctx: tenant.ctx, input: { key: 'mss_s1', name: 'Arbeitslose (MSS S1)', unit: '%', direction: 'higher_is_worse', valueKind: 'share' } });
		indicatorId = ind.id;
		ids = (
			await saveStatisticalAreas({
				ctx: tenant.ctx,
				input: {
					areas: [
						{ code: 'P1', name: 'Eins', level: 'planning-area', population: 1000 },
						{ code: 'P2', name: 'Zwei', level: 'planning-area', population: 3000 },
						{ code: 'P3', name: 'Drei', level: 'planning-area', population: 200 },
						{ code: 'P4', name: 'Vier', level: 'planning-area', population: null }
					]
				}
			})
		).ids;
		// MSS-like shares without counts; P3 kept secret at source, P4 without a value in 2018
		const o = (code: string, period: string, value: number | null) => ({ indicatorId, areaId: ids[code], period, value, suppressed: value === null });
		await upsertObservations({
			ctx: tenant.ctx,
			input: { observations: [o('P1', '2018-12-31', 8), o('P2', '2018-12-31', 4), o('P3', '2018-12-31', null), o('P1', '2020-12-31', 10), o('P2', '2020-12-31', 6), o('P3', '2020-12-31', null), o('P4', '2020-12-31', 9)] }
		});
	});
	afterAll(async () => t?.cleanup());

	it('shows the city computed from the known areas, with N of M, instead of nothing', async () => {
		const series = await timeSeries(t.db.kysely, tenant.municipality.id, { indicatorId, areaIds: [ids.P1] });
		expect(series.points.map((p) => p.period)).toEqual(['2018-12-31', '2020-12-31']);
		const [p2018, p2020] = series.points;
		expect(p2018.city).toMatchObject({ basis: 'partial', coverage: { areas: 4, withData: 3, suppressed: 1, used: 2 } });
		expect(p2018.city.value).toBeCloseTo((8 * 1000 + 4 * 3000) / 4000, 10);
		// P4 has a value but no population to weight it by: left out and counted as missing
		expect(p2020.city).toMatchObject({ basis: 'partial', coverage: { areas: 4, withData: 4, used: 2 } });
		expect(p2020.city.value).toBeCloseTo((10 * 1000 + 6 * 3000) / 4000, 10);
		expect(p2020.areas.value).toBe(10);
		const profile = await districtProfile(t.db.kysely, tenant.municipality.id, { areaIds: [ids.P1, ids.P3], period: '2020-12-31', indicatorIds: [indicatorId] });
		// The district itself contains a secret area: unknown, as before; the city beside it is computed.
		expect(profile[0].district.value).toBeNull();
		expect(profile[0].city).toMatchObject({ basis: 'partial', coverage: { used: 2 } });
	});

	it('uses the stored value of the municipality-wide area when there is one', async () => {
		const city = (await saveStatisticalAreas({ ctx: tenant.ctx, input: { areas: [{ code: 'STADT', name: 'Gesamtstadt', level: 'city' }] } })).ids.STADT;
		await upsertObservations({ ctx: tenant.ctx, input: { observations: [{ indicatorId, areaId: city, period: '2020-12-31', value: 7.7 }] } });
		const series = await timeSeries(t.db.kysely, tenant.municipality.id, { indicatorId, areaIds: [ids.P1] });
		expect(series.points[1].city).toMatchObject({ value: 7.7, basis: 'stored' });
		expect(series.points[0].city.basis).toBe('partial'); // no stored value for 2018
		const other = await createTenant(t.db);
		const foreign = await findIndicatorByKey(t.db.kysely, other.municipality.id, 'population');
		// another municipality sees none of it
		await expect(timeSeries(t.db.kysely, other.municipality.id, { indicatorId, areaIds: [ids.P1] })).rejects.toThrow();
		expect(foreign).toBeDefined();
	});
});
