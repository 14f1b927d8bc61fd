import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { seedDemoIfEmpty } from '../seed/seed-demo';
import { findMunicipalityBySlug } from '../municipalities/municipalities.repository';
import { findIndicatorByKey, listAreas, listDistrictAreaIds, listPeriods } from './indicators.repository';
import { districtProfileOf, indicatorAcrossAreas } from './indicator-figures';
import { DEMO_LEVEL, MSS_KEYS, P2018, P2020, P2024 } from './seed-demo-statistics';

describe.each(dbKinds())('demo statistics of Berlin (Demo) [%s]', (kind) => {
	let t: TestDb;
	let municipalityId: string;
	let seconds = 0;
	beforeAll(async () => {
		t = await createTestDb(kind);
		const start = performance.now();
		await seedDemoIfEmpty(t.db, { adminEmail: 'admin@quartier.example', adminPassword: 'demo-password-123456' });
		seconds = (performance.now() - start) / 1000;
		municipalityId = (await findMunicipalityBySlug(t.db.kysely, 'berlin'))!.id;
	}, 120_000);
	afterAll(async () => t.cleanup());

	it('seeds the 542 planning areas with boundaries and population', async () => {
		console.info(`demo seed (${kind}): ${seconds.toFixed(2)} s`);
		const areas = await listAreas(t.db.kysely, municipalityId, DEMO_LEVEL);
		expect(areas).toHaveLength(542);
		expect(areas.every((a) => a.hasBoundary)).toBe(true);
		expect(areas.reduce((s, a) => s + (a.population ?? 0), 0)).toBe(3_897_145);
	});

	it('has the register 2024 and MSS 2018/2020 periods', async () => {
		const k = t.db.kysely;
		const id = async (key: string) => (await findIndicatorByKey(k, municipalityId, key))!.id;
		expect(await listPeriods(k, municipalityId, await id('population'))).toEqual([P2020, P2024]);
		expect(await listPeriods(k, municipalityId, await id(MSS_KEYS.S1))).toEqual([P2018, P2020]);
		const across = await indicatorAcrossAreas(k, municipalityId, { indicatorId: await id('foreigners_share'), period: P2024, level: DEMO_LEVEL });
		expect(across.areas.length).toBeGreaterThan(530);
		// Σ inhabitants_foreigners of demo/population-2024-12-age.csv (awk -F, 'NR>1{s+=$16}END{print s}')
		expect(across.total?.numerator).toBe(971_878);
	});

	it('links the demo districts to their planning areas', async () => {
		const d = await t.db.kysely.selectFrom('district').select(['id', 'code']).where('municipality_id', '=', municipalityId).execute();
		const region = d.find((x) => x.code === '081001')!;
		expect(await listDistrictAreaIds(t.db.kysely, municipalityId, region.id)).toHaveLength(5);
		const profile = await districtProfileOf(t.db.kysely, municipalityId, { districtId: region.id, period: P2024 });
		const pop = profile.find((r) => r.indicator.key === 'population')!;
		expect(pop.district.value).toBeGreaterThan(20_000);
		expect(pop.city.value).toBe(3_897_145);
	});
});

