import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { hashToken, newToken, nowIso } from '../core/ids';
import { addMonths, isoDate } from '../../domain/actors';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { insertUser } from '../accounts/create-user';
import { insertMembership } from '../accounts/grant-role';
import { createDistrict } from '../districts/create-district';
import { createActor } from './create-actor';
import { updateActor } from './update-actor';
import { deleteActor } from './delete-actor';
import { mergeActors } from './merge-actors';
import { createContact } from './create-contact';
import { updateContact } from './update-contact';
import { eraseContact } from './erase-contact';
import { addCooperation } from './add-cooperation';
import { removeCooperation } from './remove-cooperation';
import { createActivity } from './create-activity';
import { updateActivity } from './update-activity';
import { deleteActivity } from './delete-activity';
import { confirmActivity } from './confirm-activity';
import { findActor, findActorProfile, listActivities, listContacts, listContactsPastRetention, listCooperations } from './actors.repository';

const tables = ['actor', 'actor_action_field', 'actor_contact', 'actor_cooperation', 'activity', 'audit_entry', 'measure', 'measure_partner', 'membership', 'one_time_token'] as const;

describe.each(dbKinds())('actor inventory [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let homeA: string;
	let homeB: string;
	let fields: string[];
	const today = isoDate(new Date());
	const inAYear = addMonths(today, 12);

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Akteursstadt');
		b = await createTenant(t.db, 'Zweite Stadt');
		homeA = (await createDistrict({ ctx: a.ctx, input: { name: 'Heimatkiez', code: 'HEIM' } })).id;
		homeB = (await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'FREMD' } })).id;
		fields = (await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', a.municipality.id).orderBy('sort_order').execute()).map((r) => r.id);
	});
	afterAll(async () => t.cleanup());

	const snapshot = async () => {
		const out: Record<string, number> = {};
		for (const table of tables) out[table] = Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		return out;
	};
	const auditOf = (entity: string, id: string) =>
		t.db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity', '=', entity).where('entity_id', '=', id).orderBy('created_at').execute();
	const contact = (over: Record<string, unknown> = {}) => ({
		name: 'Ayşe Demir',
		roleTitle: 'Vorsitzende',
		email: 'ayse.demir@example.org',
		phone: '030 123456',
		languages: ['tr', 'de'],
		purpose: 'Einladungen zum Stadtteilforum',
		legalBasis: 'consent',
		consentDate: today,
		consentMethod: 'schriftlich beim Forum',
		retentionUntil: inAYear,
		...over
	});

	it('keeps the full actor profile with fields of action, and refuses unknown fields, scripts as URLs and oversized text', async () => {
		const actor = await createActor({
			ctx: a.ctx,
			input: {
				name: 'Türkischer Elternverein',
				kind: 'migrant-organisation',
				level: 'city',
				function: 'Elternarbeit, Brücke zu Schulen',
				interests: 'Bildungserfolg der Kinder',
				resources: 'Ehrenamtliche, Räume am Wochenende',
				motivation: 'Eigene Erfahrungen der Mitglieder',
				languages: ['tr', 'de', 'tr'],
				keyPerson: true,
				website: 'https://elternverein.example.org',
				actionFieldIds: [fields[3], fields[5]]
			}
		});
		const p = await findActorProfile(t.db.kysely, a.municipality.id, actor.id);
		expect(p).toMatchObject({ languages: ['tr', 'de'], keyPerson: true, actionFieldIds: [fields[3], fields[5]], function: 'Elternarbeit, Brücke zu Schulen' });
		const updated = await updateActor({ ctx: a.ctx, actorId: actor.id, input: { keyPerson: '', actionFieldIds: [fields[0]], interests: '<script>alert(1)</script>' } });
		expect(updated).toMatchObject({ keyPerson: false, actionFieldIds: [fields[0]], interests: '<script>alert(1)</script>', function: 'Elternarbeit, Brücke zu Schulen' });

		const foreignField = (await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', b.municipality.id).executeTakeFirstOrThrow()).id;
		const before = await snapshot();
		const bad: [unknown, string, string][] = [
			[{ name: 'X', kind: 'school', level: 'district', website: 'javascript:alert(1)' }, 'website', 'error.website'],
			[{ name: 'X', kind: 'school', level: 'district', interests: 'x'.repeat(4001) }, 'interests', 'error.tooLong'],
			[{ name: 'X', kind: 'school', level: 'district', languages: ['klingon'] }, 'languages.0', 'error.invalidChoice']
		];
		for (const [input, field, key] of bad) {
			const err = await createActor({ ctx: a.ctx, input }).catch((e) => e);
			expect(err, field).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field]).toContain(key);
		}
		const foreign = await createActor({ ctx: a.ctx, input: { name: 'X', kind: 'school', level: 'district', districtIds: [homeA], actionFieldIds: [foreignField] } }).catch((e) => e);
		expect(foreign.fieldErrors.actionFieldIds).toEqual(['error.unknownReference']);
		await expect(updateActor({ ctx: a.ctx, actorId: actor.id, input: { actionFieldIds: [foreignField] } })).rejects.toBeInstanceOf(ValidationError);
		expect(await snapshot()).toEqual(before);
	});

	it('keeps contact persons as personal data: documented consent, retention, no personal data in the audit, real erasure', async () => {
		const actor = await createActor({ ctx: a.ctx, input: { name: 'Moscheegemeinde', kind: 'religious-community', level: 'district', districtIds: [homeA] } });
		const c = await createContact({ ctx: a.ctx, actorId: actor.id, input: contact() });
		expect((await listContacts(t.db.kysely, a.municipality.id, actor.id)).map((x) => x.name)).toEqual(['Ayşe Demir']);
		await updateContact({ ctx: a.ctx, actorId: actor.id, contactId: c.id, input: contact({ phone: '030 654321' }) });

		const before = await snapshot();
		const bad: [Record<string, unknown>, string, string][] = [
			[{ consentDate: '' }, 'consentDate', 'error.consentDate'],
			[{ consentMethod: '' }, 'consentMethod', 'error.consentMethod'],
			[{ retentionUntil: today }, 'retentionUntil', 'error.retentionPast'],
			[{ retentionUntil: addMonths(today, 12 * 11) }, 'retentionUntil', 'error.retentionTooLong'],
			[{ consentDate: addMonths(today, 1) }, 'consentDate', 'error.futureDate'],
			[{ email: 'keine-adresse' }, 'email', 'error.email'],
			[{ email: '', phone: '' }, 'email', 'error.contactChannel'],
			[{ phone: '<b>1</b>' }, 'phone', 'error.phone'],
			[{ legalBasis: 'whim' }, 'legalBasis', 'error.invalidChoice'],
			[{ name: 'x'.repeat(201) }, 'name', 'error.tooLong']
		];
		for (const [over, field, key] of bad) {
			const err = await createContact({ ctx: a.ctx, actorId: actor.id, input: contact(over) }).catch((e) => e);
			expect(err, field).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field], field).toContain(key);
		}
		// Legitimate interest needs no consent.
		await expect(createContact({ ctx: a.ctx, actorId: actor.id, input: contact({ legalBasis: 'legitimate-interest', consentDate: '', consentMethod: '' }) })).resolves.toBeTruthy();
		await t.db.kysely.deleteFrom('actor_contact').where('legal_basis', '=', 'legitimate-interest').execute();
		await t.db.kysely.deleteFrom('audit_entry').where('entity', '=', 'actor_contact').where('action', '=', 'create').where('entity_id', '!=', c.id).execute();
		expect(await snapshot()).toEqual(before);

		// Past retention: listed for the admin.
		await t.db.kysely.updateTable('actor_contact').set({ retention_until: '2020-01-01' }).where('id', '=', c.id).execute();
		expect((await listContactsPastRetention(t.db.kysely, a.municipality.id, today)).map((x) => x.id)).toEqual([c.id]);
		expect(await listContactsPastRetention(t.db.kysely, b.municipality.id, today)).toEqual([]);

		await expect(eraseContact({ ctx: a.ctx, actorId: actor.id, contactId: c.id, input: { reason: 'because' } })).rejects.toBeInstanceOf(ValidationError);
		await eraseContact({ ctx: a.ctx, actorId: actor.id, contactId: c.id, input: { reason: 'retention-expired' } });
		expect(await listContacts(t.db.kysely, a.municipality.id, actor.id)).toEqual([]);
		const log = await auditOf('actor_contact', c.id);
		expect(log.map((r) => r.action)).toEqual(['create', 'update', 'erase']);
		const all = JSON.stringify(log);
		for (const personal of ['Ayşe', 'Demir', 'example.org', '123456', '654321', 'Vorsitzende', 'schriftlich']) expect(all, personal).not.toContain(personal);
		expect(JSON.parse(log[1].changes).after.changedFields).toEqual(['phone']);
		// Deleting the actor is refused while contacts exist; now it has none.
		await deleteActor({ ctx: a.ctx, actorId: actor.id });
	});

	it('lets only the actor’s own partner or department and plan owners see and keep contacts; foreign ids are not found', async () => {
		const own = await createActor({ ctx: a.ctx, input: { name: 'Kita Regenbogen', kind: 'kita', level: 'district', districtIds: [homeA] } });
		const other = await createActor({ ctx: a.ctx, input: { name: 'Kita Sonnenschein', kind: 'kita', level: 'district', districtIds: [homeA] } });
		const foreign = await createActor({ ctx: b.ctx, input: { name: 'Fremde Kita', kind: 'kita', level: 'district', districtIds: [homeB] } });
		const fc = await createContact({ ctx: b.ctx, actorId: foreign.id, input: contact() });
		const partner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: own.id, districtIds: null }]);
		const board = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		const before = await snapshot();
		await expect(createContact({ ctx: partner, actorId: other.id, input: contact() })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createContact({ ctx: board, actorId: own.id, input: contact() })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createContact({ ctx: a.ctx, actorId: foreign.id, input: contact() })).rejects.toBeInstanceOf(NotFoundError);
		await expect(updateContact({ ctx: a.ctx, actorId: foreign.id, contactId: fc.id, input: contact() })).rejects.toBeInstanceOf(NotFoundError);
		await expect(eraseContact({ ctx: a.ctx, actorId: foreign.id, contactId: fc.id, input: { reason: 'request' } })).rejects.toBeInstanceOf(NotFoundError);
		// A contact of another actor addressed through one's own actor.
		await expect(eraseContact({ ctx: partner, actorId: own.id, contactId: fc.id, input: { reason: 'request' } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
		await expect(createContact({ ctx: partner, actorId: own.id, input: contact({ name: 'Leitung Regenbogen' }) })).resolves.toMatchObject({ name: 'Leitung Regenbogen' });
	});

	it('records undirected cooperations once, refuses self-links, duplicates and foreign actors', async () => {
		const x = await createActor({ ctx: a.ctx, input: { name: 'Quartiersmanagement', kind: 'administration', level: 'district', districtIds: [homeA] } });
		const y = await createActor({ ctx: a.ctx, input: { name: 'Grundschule Nord', kind: 'school', level: 'district', districtIds: [homeA] } });
		const foreign = await createActor({ ctx: b.ctx, input: { name: 'Fremde Schule', kind: 'school', level: 'district', districtIds: [homeB] } });
		const c = await addCooperation({ ctx: a.ctx, actorId: x.id, input: { partnerId: y.id, description: 'Elterncafé' } });
		const before = await snapshot();
		await expect(addCooperation({ ctx: a.ctx, actorId: y.id, input: { partnerId: x.id } })).rejects.toBeInstanceOf(ConflictError);
		const self = await addCooperation({ ctx: a.ctx, actorId: x.id, input: { partnerId: x.id } }).catch((e) => e);
		expect(self.fieldErrors.partnerId).toEqual(['error.sameActor']);
		const f = await addCooperation({ ctx: a.ctx, actorId: x.id, input: { partnerId: foreign.id } }).catch((e) => e);
		expect(f.fieldErrors.partnerId).toEqual(['error.unknownReference']);
		await expect(addCooperation({ ctx: a.ctx, actorId: foreign.id, input: { partnerId: x.id } })).rejects.toBeInstanceOf(NotFoundError);
		const partnerOfOther = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: foreign.id, districtIds: null }]);
		await expect(removeCooperation({ ctx: partnerOfOther, actorId: x.id, cooperationId: c.id })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		expect((await listCooperations(t.db.kysely, a.municipality.id, y.id)).map((k) => k.id)).toEqual([c.id]);
		await removeCooperation({ ctx: a.ctx, actorId: y.id, cooperationId: c.id });
		expect(await listCooperations(t.db.kysely, a.municipality.id, x.id)).toEqual([]);
		expect((await auditOf('actor_cooperation', c.id)).map((r) => r.action)).toEqual(['create', 'delete']);
	});

	it('keeps activities with place, schedule, German cost, confirmation and stale marker; partners only for their own actor', async () => {
		const own = await createActor({ ctx: a.ctx, input: { name: 'Nachbarschaftshaus', kind: 'provider', level: 'district', districtIds: [homeA] } });
		const other = await createActor({ ctx: a.ctx, input: { name: 'Sportverein', kind: 'civil-society', level: 'district', districtIds: [homeA] } });
		const partner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: own.id, districtIds: null }]);
		const input = {
			actorId: own.id,
			actionFieldId: fields[5],
			title: 'Sprachcafé',
			targetGroups: ['newcomers', 'parents'],
			languages: ['de', 'ar'],
			address: 'Herrfurthplatz 1',
			lat: '52,4751',
			lon: '13.4229',
			schedule: 'wöchentlich, außer in den Ferien',
			weekdays: ['thu', 'mon'],
			startTime: '16.00',
			endTime: '18:00',
			cost: '2,50 €',
			source: 'Gespräch mit der Leitung',
			lastConfirmedOn: addMonths(today, -13)
		};
		const act = await createActivity({ ctx: partner, input });
		expect(act).toMatchObject({ lat: 52.4751, lon: 13.4229, weekdays: ['mon', 'thu'], startTime: '16:00', costCents: 250, stale: true, actorName: 'Nachbarschaftshaus' });
		const confirmed = await confirmActivity({ ctx: partner, activityId: act.id });
		expect(confirmed).toMatchObject({ lastConfirmedOn: today, stale: false });
		const patched = await updateActivity({ ctx: partner, activityId: act.id, input: { cost: '0' } });
		expect(patched).toMatchObject({ costCents: 0, title: 'Sprachcafé', languages: ['de', 'ar'] });

		const before = await snapshot();
		const bad: [Record<string, unknown>, string, string][] = [
			[{ lat: '95' }, 'lat', 'error.latitude'],
			[{ lon: '' }, 'lon', 'error.latLonPair'],
			[{ lon: 'abc' }, 'lon', 'error.number'],
			[{ cost: '2,5,0' }, 'cost', 'error.money'],
			[{ cost: '-3' }, 'cost', 'error.negative'],
			[{ startTime: '25:00' }, 'startTime', 'error.time'],
			[{ endTime: '15:00' }, 'endTime', 'error.endBeforeStart'],
			[{ lastConfirmedOn: addMonths(today, 2) }, 'lastConfirmedOn', 'error.futureDate'],
			[{ title: 'x'.repeat(301) }, 'title', 'error.tooLong'],
			[{ description: 'x'.repeat(5001) }, 'description', 'error.tooLong'],
			[{ targetGroups: ['aliens'] }, 'targetGroups', 'error.invalidChoice'],
			[{ weekdays: ['someday'] }, 'weekdays', 'error.invalidChoice']
		];
		for (const [over, field, key] of bad) {
			const err = await createActivity({ ctx: a.ctx, input: { ...input, ...over } }).catch((e) => e);
			expect(err, field).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field], field).toContain(key);
		}
		expect(await snapshot()).toEqual(before);
		const foreignActor = await createActor({ ctx: b.ctx, input: { name: 'Fremder Träger', kind: 'provider', level: 'district', districtIds: [homeB] } });
		const foreignField = (await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', b.municipality.id).executeTakeFirstOrThrow()).id;
		const snap2 = await snapshot();
		const fa = await createActivity({ ctx: a.ctx, input: { ...input, actorId: foreignActor.id } }).catch((e) => e);
		expect(fa.fieldErrors.actorId).toEqual(['error.unknownReference']);
		const ff = await createActivity({ ctx: a.ctx, input: { ...input, actionFieldId: foreignField } }).catch((e) => e);
		expect(ff.fieldErrors.actionFieldId).toEqual(['error.unknownReference']);
		await expect(createActivity({ ctx: partner, input: { ...input, actorId: other.id } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(snap2);
		const foreignActivity = await createActivity({ ctx: b.ctx, input: { ...input, actorId: foreignActor.id, actionFieldId: foreignField } });
		const snap3 = await snapshot();
		await expect(updateActivity({ ctx: a.ctx, activityId: foreignActivity.id, input: { title: 'Gekapert' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteActivity({ ctx: a.ctx, activityId: foreignActivity.id })).rejects.toBeInstanceOf(NotFoundError);
		await expect(confirmActivity({ ctx: a.ctx, activityId: foreignActivity.id })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(snap3);
		expect(snap3.activity).toBe(snap2.activity + 1);

		// Another partner cannot touch it; deleting the actor is refused while it has activities.
		const otherPartner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: other.id, districtIds: null }]);
		await expect(updateActivity({ ctx: otherPartner, activityId: act.id, input: { title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteActor({ ctx: a.ctx, actorId: own.id })).rejects.toBeInstanceOf(ConflictError);
		await deleteActivity({ ctx: partner, activityId: act.id });
		expect(await listActivities(t.db.kysely, a.municipality.id, { actorId: own.id })).toEqual([]);
		expect((await auditOf('activity', act.id)).map((r) => r.action)).toEqual(['create', 'confirm', 'update', 'delete']);
	});

	it('merges a duplicate: measures, partners, memberships, invitations, activities, contacts, fields and cooperations move in one audited transaction', async () => {
		const keep = await createActor({ ctx: a.ctx, input: { name: 'Stadtteilmütter', kind: 'civil-society', level: 'district', districtIds: [homeA], languages: ['ar'], interests: 'Familien erreichen', actionFieldIds: [fields[0]] } });
		const dup = await createActor({ ctx: a.ctx, input: { name: 'Stadtteilmuetter e.V.', kind: 'civil-society', level: 'city', languages: ['tr'], interests: 'Elternbildung', function: 'Hausbesuche', keyPerson: true, actionFieldIds: [fields[0], fields[3]] } });
		const third = await createActor({ ctx: a.ctx, input: { name: 'Familienzentrum', kind: 'provider', level: 'district', districtIds: [homeA] } });
		const fourth = await createActor({ ctx: a.ctx, input: { name: 'Jobcenter', kind: 'administration', level: 'city' } });
		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Mergekiez', code: 'MRG' } });
		const plan = await createActionPlan({ ctx: a.ctx, input: { districtId: district.id, title: 'LAP Merge' } });
		const goal = await createGoal({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: fields[0], title: 'Familien stärken', priority: 1 } });
		const m1 = await createMeasure({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: fields[0], title: 'Hausbesuche', goalIds: [goal.id], leadActorId: dup.id, partnerActorIds: [third.id] } });
		const m2 = await createMeasure({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: fields[0], title: 'Elternkurs', goalIds: [goal.id], leadActorId: third.id, partnerActorIds: [dup.id, keep.id] } });
		const m3 = await createMeasure({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: fields[0], title: 'Familienfest', goalIds: [goal.id], leadActorId: keep.id, partnerActorIds: [dup.id] } });
		const m4 = await createMeasure({ ctx: a.ctx, input: { planId: plan.id, actionFieldId: fields[0], title: 'Sprachkurs', goalIds: [goal.id], leadActorId: third.id, partnerActorIds: [dup.id] } });
		const user = await insertUser(t.db.kysely, { email: `mutter-${Date.now()}@example.org`, name: 'Partnerin' });
		await insertMembership(t.db.kysely, { municipalityId: a.municipality.id, userId: user.id, role: 'partner', actorId: dup.id });
		await t.db.kysely
			.insertInto('one_time_token')
			.values({ id: hashToken(newToken()), purpose: 'invite', user_id: null, municipality_id: a.municipality.id, email: 'neu@example.org', role: 'partner', actor_id: dup.id, district_ids: '[]', created_by: a.user.id, created_at: nowIso(), expires_at: new Date(Date.now() + 86_400_000).toISOString(), used_at: null })
			.execute();
		const act = await createActivity({ ctx: a.ctx, input: { actorId: dup.id, actionFieldId: fields[0], title: 'Müttercafé' } });
		const con = await createContact({ ctx: a.ctx, actorId: dup.id, input: contact() });
		await addCooperation({ ctx: a.ctx, actorId: dup.id, input: { partnerId: keep.id, description: 'gleiche Leute' } });
		await addCooperation({ ctx: a.ctx, actorId: dup.id, input: { partnerId: third.id, description: 'Räume' } });
		await addCooperation({ ctx: a.ctx, actorId: keep.id, input: { partnerId: third.id, description: 'Kurse' } });
		await addCooperation({ ctx: a.ctx, actorId: dup.id, input: { partnerId: fourth.id } });

		// Refused without change: itself, unknown, foreign, without the right, a foreign survivor.
		const foreign = await createActor({ ctx: b.ctx, input: { name: 'Fremd', kind: 'other', level: 'city' } });
		const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: keep.id, districtIds: null }]);
		const before = await snapshot();
		expect((await mergeActors({ ctx: a.ctx, actorId: keep.id, input: { duplicateId: keep.id } }).catch((e) => e)).fieldErrors.duplicateId).toEqual(['error.sameActor']);
		expect((await mergeActors({ ctx: a.ctx, actorId: keep.id, input: { duplicateId: foreign.id } }).catch((e) => e)).fieldErrors.duplicateId).toEqual(['error.unknownReference']);
		expect((await mergeActors({ ctx: a.ctx, actorId: keep.id, input: { duplicateId: 'nope' } }).catch((e) => e)).fieldErrors.duplicateId).toEqual(['error.unknownReference']);
		await expect(mergeActors({ ctx: a.ctx, actorId: foreign.id, input: { duplicateId: dup.id } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(mergeActors({ ctx: department, actorId: keep.id, input: { duplicateId: dup.id } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);

		const r = await mergeActors({ ctx: a.ctx, actorId: keep.id, input: { duplicateId: dup.id } });
		expect(r.moved).toEqual({ leads: 1, partners: 1, partnersDropped: 2, memberships: 1, invitations: 1, activities: 1, contacts: 1, needs: 0, engagements: 0, cooperations: 1, cooperationsJoined: 2 });
		expect(await findActor(t.db.kysely, a.municipality.id, dup.id)).toBeUndefined();
		const p = await findActorProfile(t.db.kysely, a.municipality.id, keep.id);
		expect(p).toMatchObject({ name: 'Stadtteilmütter', level: 'district', languages: ['ar', 'tr'], keyPerson: true, function: 'Hausbesuche', interests: 'Familien erreichen\n\nElternbildung' });
		expect(new Set(p!.actionFieldIds)).toEqual(new Set([fields[0], fields[3]]));
		const lead = async (id: string) => (await t.db.kysely.selectFrom('measure').select('lead_actor_id').where('id', '=', id).executeTakeFirstOrThrow()).lead_actor_id;
		const partners = async (id: string) => (await t.db.kysely.selectFrom('measure_partner').select('actor_id').where('measure_id', '=', id).execute()).map((x) => x.actor_id).sort();
		expect(await lead(m1.id)).toBe(keep.id);
		expect(await partners(m2.id)).toEqual([keep.id]);
		expect(await partners(m3.id)).toEqual([]);
		expect(await partners(m4.id)).toEqual([keep.id]);
		expect((await t.db.kysely.selectFrom('membership').select('actor_id').where('user_id', '=', user.id).executeTakeFirstOrThrow()).actor_id).toBe(keep.id);
		expect((await listActivities(t.db.kysely, a.municipality.id, { actorId: keep.id })).map((x) => x.id)).toEqual([act.id]);
		expect((await listContacts(t.db.kysely, a.municipality.id, keep.id)).map((x) => x.id)).toEqual([con.id]);
		const coops = await listCooperations(t.db.kysely, a.municipality.id, keep.id);
		expect(coops).toHaveLength(2);
		expect(coops.find((c) => c.actorAId === third.id || c.actorBId === third.id)?.description).toBe('Kurse\n\nRäume');
		const after = await snapshot();
		expect(after.audit_entry).toBe(before.audit_entry + 1);
		expect(after.actor).toBe(before.actor - 1);
		expect(after.activity).toBe(before.activity);
		expect(after.actor_contact).toBe(before.actor_contact);
		const log = await auditOf('actor', keep.id);
		const entry = log[log.length - 1];
		expect(entry.action).toBe('merge');
		expect(JSON.parse(entry.changes).before.duplicate).toMatchObject({ id: dup.id, name: 'Stadtteilmuetter e.V.', level: 'city' });
		expect(entry.changes).not.toContain('Ayşe');
	});
});
