import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { countRows, createTenant } from '../testing/fixtures';
import { demoContent } from '../seed/demo-content';
import { seedDemoPlan } from './seed-demo-plan';
import { listPlans } from './plans.repository';
import { listMeasures } from './measures.repository';

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
		expect(plans[0]).toMatchObject({ goalCount: 4, measureCount: 5 });
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
