import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { newId, nowIso } from '../core/ids';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { fieldIds, insertActor, insertDistrict } from '../plans/test-helpers';
import { translator } from '../../i18n';
import { gapAnalysis } from './gap-analysis';
import { gapTable, writeGapCsv } from './gap-export';

describe.each(dbKinds())('gap analysis [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let fields: Record<string, string>;
	let foreignDistrict: string;

	async function need(municipalityId: string, districtId: string, fieldId: string, title: string, language = 'de', groups: string[] = [], review: 'accepted' | 'pending' | 'rejected' = 'accepted') {
		const now = nowIso();
		await t.db.kysely
			.insertInto('need')
			.values({
				id: newId(), municipality_id: municipalityId, district_id: districtId, action_field_id: fieldId, title, statement: '', channel: 'survey', engagement_id: null,
				target_groups: JSON.stringify(groups), language, place_label: '', place_lat: null, place_lon: null, raised_by: 'anonymous', raised_by_text: '',
				consent_recorded: 0, internal_note: '', state: 'open', public_reason: '', merged_into_id: null, state_changed_at: now, submission_key: null, created_by: null,
				created_at: now, updated_at: now, review_state: review
			})
			.execute();
	}
	async function activity(municipalityId: string, actorId: string, fieldId: string, title: string, languages: string[] = ['de']) {
		const now = nowIso();
		await t.db.kysely
			.insertInto('activity')
			.values({
				id: newId(), municipality_id: municipalityId, actor_id: actorId, action_field_id: fieldId, title, description: '', target_groups: '["everyone"]',
				languages: JSON.stringify(languages), address: '', lat: null, lon: null, schedule: '', weekdays: '[]', start_time: null, end_time: null, cost_cents: null,
				source: '', last_confirmed_on: null, created_at: now, updated_at: now
			})
			.execute();
	}

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		fields = await fieldIds(t.db, a.municipality.id);
		const verein = await insertActor(t.db, a.municipality.id, 'Nachbarschaftsverein', 'civil-society');
		await need(a.municipality.id, nord, fields.education, 'Hausaufgabenhilfe auf Arabisch', 'ar', ['children']);
		await need(a.municipality.id, nord, fields.health, 'Hebammensprechstunde');
		await activity(a.municipality.id, verein, fields.education, 'Lernwerkstatt');
		await activity(a.municipality.id, verein, fields.health, 'Gesundheitscafé');
		const plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Plan Nord' } })).id;
		await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.health, title: 'Gesundheit stärken', priority: 1 } });
		// Residents' online submissions count only once staff accepted them.
		await need(a.municipality.id, nord, fields.education, 'Noch ungeprüft', 'de', [], 'pending');
		await need(a.municipality.id, nord, fields.health, 'Spam', 'de', [], 'rejected');
		// Another municipality's needs and offers never count here.
		foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremd');
		const bFields = await fieldIds(t.db, b.municipality.id);
		await need(b.municipality.id, foreignDistrict, bFields.education, 'Fremder Bedarf');
	});
	afterAll(async () => t.cleanup());

	it('counts needs, offers, goals and measures per field and finds the need no offer reaches', async () => {
		const r = (await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams()))!;
		const row = (id: string) => r.matrix.rows.find((x) => x.actionFieldId === id)!;
		expect(row(fields.education)).toMatchObject({ needs: 1, activities: 1, unmetNeeds: 1, kind: 'need-without-offer' });
		expect(row(fields.health)).toMatchObject({ needs: 1, activities: 1, goals: 1, unmetNeeds: 0, kind: 'balanced' });
		expect(r.matrix.unmet.map((n) => n.title)).toEqual(['Hausaufgabenhilfe auf Arabisch']);
		expect(r.languages).toEqual(['ar', 'de']);
		const csv = new TextDecoder().decode(writeGapCsv(gapTable(r, translator('de'))));
		expect(csv).toContain('Handlungsfeld;Bedarfe;davon offen;offen ohne Angebot;Angebote;Ziele;Maßnahmen;Befund');
		expect(csv).not.toContain('Fremder Bedarf');
	});

	it('narrows by district, target group and language, drills down into a field; unknown filters are refused', async () => {
		const ar = (await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams({ language: 'ar', field: fields.education })))!;
		expect(ar.drill?.needs.map((n) => n.title)).toEqual(['Hausaufgabenhilfe auf Arabisch']);
		expect(ar.drill?.activities).toEqual([]);
		expect(ar.drill?.unmet.size).toBe(1);
		const seniors = (await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams({ group: 'seniors', district: nord })))!;
		expect(seniors.matrix.rows.find((x) => x.actionFieldId === fields.education)!.needs).toBe(0); // a need for children only
		expect(await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams({ district: foreignDistrict }))).toBeNull();
		expect(await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams({ group: 'aliens' }))).toBeNull();
		expect(await gapAnalysis(t.db.kysely, a.municipality.id, new URLSearchParams({ field: newId() }))).toBeNull();
	});
});
