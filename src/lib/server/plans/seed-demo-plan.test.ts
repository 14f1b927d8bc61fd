import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { countRows, createTenant } from '../testing/fixtures';
import { demoContent } from '../seed/demo-content';
import { seedDemoPlan } from './seed-demo-plan';
import { listPlans } from './plans.repository';
import { listMeasures } from './measures.repository';
import { comparePlanVersions } from './compare-plan-versions';
import { loadPublicDistrict } from '../portal/public-plan';
import { listNews } from '../portal/portal.repository';

describe.each(dbKinds())('demo plan [%s]', (kind) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(kind);
	});
	afterAll(async () => t.cleanup());

	it('seeds a plan for the first demo district after the other demo content, once', async () => {
		const a = await createTenant(t.db);
		for (const extend of demoContent) await extend(t.db, a.municipality.id);
		const plans = await listPlans(t.db.kysely, a.municipality.id);
		expect(plans).toHaveLength(1);
		// The living plan: five measures resolved as version 1, one drafted afterwards.
		expect(plans[0]).toMatchObject({ goalCount: 4, measureCount: 6 });
		const versions = await t.db.kysely.selectFrom('plan_version').selectAll().where('municipality_id', '=', a.municipality.id).execute();
		expect(versions).toHaveLength(1);
		expect(versions[0]).toMatchObject({ number: 1, state: 'resolved', resolution_body: 'Bezirksverordnetenversammlung Neukölln', measure_count: 5 });
		expect(versions[0].resolution_date! <= new Date().toISOString().slice(0, 10)).toBe(true);
		expect(versions[0].resolution_reference).toMatch(/^Drucksache \d{4}\/0417/);
		// The public page shows the resolved plan with the progress made since, not the drafted measure.
		const view = await loadPublicDistrict(t.db.kysely, a.municipality.id, plans[0].districtId, (d) => d);
		const shown = view!.plan!.groups.flatMap((g) => g.measures);
		expect(shown).toHaveLength(5);
		expect(shown.find((m) => m.title.startsWith('Mehrsprachiger Gesundheitswegweiser'))).toMatchObject({ resolvedStatus: 'in-progress', currentStatus: 'completed' });
		expect(shown.some((m) => m.title.startsWith('Sprachmittlung'))).toBe(false);
		// The draft differs from the resolution: one measure added, progress and a description changed.
		const diff = await comparePlanVersions(t.db.kysely, a.municipality.id, plans[0].id, { from: versions[0].id, to: 'draft' });
		expect(JSON.stringify(diff)).toContain('Sprachmittlung für Elternabende und Sprechstunden');
		expect(await listNews(t.db.kysely, a.municipality.id, { publishedOnly: true, today: new Date().toISOString().slice(0, 10) })).toHaveLength(1);
		const measures = await listMeasures(t.db.kysely, a.municipality.id, { planId: plans[0].id });
		expect(measures.every((m) => m.goals.length > 0 && m.leadActorId)).toBe(true);
		await seedDemoPlan(t.db, a.municipality.id);
		expect(await listPlans(t.db.kysely, a.municipality.id)).toHaveLength(1);
	});

	it('creates nothing without districts or actors', async () => {
		const b = await createTenant(t.db);
		const before = await countRows(t.db, 'action_plan');
		await seedDemoPlan(t.db, b.municipality.id);
		expect(await countRows(t.db, 'action_plan')).toBe(before);
	});
});
