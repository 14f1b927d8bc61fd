import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { newId, nowIso } from '../core/ids';
import { fieldIds, insertActor, insertDistrict } from '../plans/test-helpers';
import { mergeActors } from './merge-actors';

/** Merging duplicates keeps what the inventory (needs, interviews, round tables) says about them. */
describe.each(dbKinds())('merging actors with needs and engagements [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
	});
	afterAll(async () => t.cleanup());

	it('moves the need the duplicate raised and its places at round tables; a table both attended is listed once', async () => {
		const m = a.municipality.id;
		const k = t.db.kysely;
		const now = nowIso();
		const district = await insertDistrict(t.db, m, 'Nordstadt');
		const fields = await fieldIds(t.db, m);
		const survivor = await insertActor(t.db, m, 'Familienzentrum Nord');
		const duplicate = await insertActor(t.db, m, 'Familienzentrum Nord e. V.');
		const engagement = (title: string) => ({
			id: newId(), municipality_id: m, district_id: district, kind: 'round-table', title, held_on: '2026-05-01', place: '', participant_count: null, participants: '',
			interpreting_languages: '[]', whisper_corner_languages: '[]', childcare: 0 as const, step_free: 0 as const, accessibility_notes: '', notes: '', submission_key: null, created_by: null,
			created_at: now, updated_at: now
		});
		const both = engagement('Runder Tisch Bildung');
		const onlyDuplicate = engagement('Stadtteilforum');
		await k.insertInto('engagement').values([both, onlyDuplicate]).execute();
		await k
			.insertInto('engagement_actor')
			.values([
				{ municipality_id: m, engagement_id: both.id, actor_id: survivor },
				{ municipality_id: m, engagement_id: both.id, actor_id: duplicate },
				{ municipality_id: m, engagement_id: onlyDuplicate.id, actor_id: duplicate }
			])
			.execute();
		const needId = newId();
		await k
			.insertInto('need')
			.values({
				id: needId, municipality_id: m, district_id: district, action_field_id: fields.education, title: 'Hausaufgabenhilfe', statement: '', channel: 'round-table',
				engagement_id: both.id, target_groups: '[]', language: 'de', place_label: '', place_lat: null, place_lon: null, raised_by: 'actor', raised_by_text: '',
				consent_recorded: 0, internal_note: '', state: 'open', public_reason: '', merged_into_id: null, state_changed_at: now, submission_key: null, created_by: null,
				created_at: now, updated_at: now
			})
			.execute();
		await k.insertInto('need_actor').values({ municipality_id: m, need_id: needId, actor_id: duplicate }).execute();

		const r = await mergeActors({ ctx: a.ctx, actorId: survivor, input: { duplicateId: duplicate } });
		expect(r.moved).toMatchObject({ needs: 1, engagements: 1 });
		expect(await k.selectFrom('need_actor').select('actor_id').where('need_id', '=', needId).execute()).toEqual([{ actor_id: survivor }]);
		const links = await k.selectFrom('engagement_actor').select(['engagement_id', 'actor_id']).where('municipality_id', '=', m).orderBy('engagement_id').execute();
		expect(links.map((l) => l.actor_id)).toEqual([survivor, survivor]);
		expect(new Set(links.map((l) => l.engagement_id))).toEqual(new Set([both.id, onlyDuplicate.id]));
		expect(await k.selectFrom('actor').select('id').where('id', '=', duplicate).execute()).toEqual([]);
	});
});
