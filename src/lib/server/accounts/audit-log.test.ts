import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { listAuditEntities, listAuditEntries } from './accounts.repository';
import { createApiToken } from './create-api-token';
import { summariseChanges } from './audit-summary';

describe.each(dbKinds())('audit log [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		for (let i = 0; i < 5; i++) {
			await createApiToken({ ctx: a.ctx, input: { name: `Token ${i}` } });
			await new Promise((r) => setTimeout(r, 2)); // distinct timestamps
		}
		await createApiToken({ ctx: b.ctx, input: { name: 'Fremd' } });
	});
	afterAll(async () => t.cleanup());

	it('lists the municipality’s entries newest first, paginated, with the person’s name', async () => {
		const all = await listAuditEntries(t.db.kysely, a.municipality.id, { limit: 100, offset: 0 });
		expect(all.total).toBe(6); // the municipality's creation and five tokens
		const p1 = await listAuditEntries(t.db.kysely, a.municipality.id, { limit: 2, offset: 0 });
		const p2 = await listAuditEntries(t.db.kysely, a.municipality.id, { limit: 2, offset: 2 });
		expect(p1.rows.map((r) => r.changes.after)).toEqual([expect.objectContaining({ name: 'Token 4' }), expect.objectContaining({ name: 'Token 3' })]);
		expect(p2.rows[0].changes.after).toMatchObject({ name: 'Token 2' });
		expect(p1.rows[0].userName).toMatch(/^Admin \d+$/);
		expect(all.rows.every((r) => r.entity !== 'api_token' || r.userId === a.user.id)).toBe(true);
	});

	it('filters by entity and never shows another municipality’s entries', async () => {
		expect(await listAuditEntities(t.db.kysely, a.municipality.id)).toEqual(['api_token', 'municipality']);
		const tokens = await listAuditEntries(t.db.kysely, a.municipality.id, { entity: 'api_token', limit: 100, offset: 0 });
		expect(tokens.total).toBe(5);
		expect(tokens.rows.some((r) => (r.changes.after as { name?: string })?.name === 'Fremd')).toBe(false);
	});

	it('summarises before/after as changed fields', () => {
		expect(summariseChanges({ before: { role: 'planner', actorId: null, districtIds: [] }, after: { role: 'board', actorId: null, districtIds: ['x'] } }).lines).toEqual([
			{ field: 'role', before: 'planner', after: 'board' },
			{ field: 'districtIds', before: '[]', after: '["x"]' }
		]);
		expect(summariseChanges({ before: null, after: { name: 'A' } }).lines).toEqual([{ field: 'name', before: null, after: 'A' }]);
		expect(summariseChanges({ before: { name: 'A' }, after: null }).lines).toEqual([{ field: 'name', before: 'A', after: null }]);
		const long = summariseChanges({ before: null, after: { text: 'x'.repeat(500) } });
		expect(long.lines[0].after!.length).toBe(80);
		const many = summariseChanges({ before: null, after: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i])) });
		expect(many.lines).toHaveLength(12);
		expect(many.more).toBe(8);
	});
});
