import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { systemPrincipal } from '../core/actor';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { deleteGoal } from '../plans/delete-goal';
import { fieldIds, insertActor, insertDistrict } from '../plans/test-helpers';
import { createNeed } from './create-need';
import { updateNeed } from './update-need';
import { takeUpNeed } from './take-up-need';
import { mergeNeed } from './merge-need';
import { declineNeed } from './decline-need';
import { reopenNeed } from './reopen-need';
import { changeNeedState } from './change-need-state';
import { createEngagement } from './create-engagement';
import { updateEngagement } from './update-engagement';
import { deleteEngagement } from './delete-engagement';
import { findNeed, listNeeds, listPublicNeeds, needHistory } from './needs.repository';
import { findEngagement, listEngagements } from './engagements.repository';

const tables = ['need', 'need_goal', 'need_measure', 'need_actor', 'engagement', 'engagement_actor', 'audit_entry'] as const;

describe.each(dbKinds())('needs [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let foreignDistrict: string;
	let fields: Record<string, string>;
	let foreignFields: Record<string, string>;
	let goalNord: string;
	let goalSued: string;
	let measureNord: string;
	let actor: string;
	let foreignActor: string;

	const snapshot = async () => {
		const out: Record<string, number> = {};
		for (const table of tables) {
			const r = await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			out[table] = Number(r.n);
		}
		return out;
	};
	const audits = (id: string) =>
		t.db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity_id', '=', id).orderBy('created_at').orderBy('id').execute();

	const need = (over: Record<string, unknown> = {}) => ({
		districtId: nord,
		actionFieldId: fields.education,
		title: 'Mehr Hausaufgabenhilfe in der Grundschule',
		statement: 'Unsere Kinder brauchen nachmittags Hilfe bei den Hausaufgaben.',
		channel: 'event-stand',
		targetGroups: ['children', 'parents'],
		language: 'ar',
		...over
	});

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Bedarfsstadt');
		b = await createTenant(t.db, 'Fremdstadt');
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremdviertel');
		fields = await fieldIds(t.db, a.municipality.id);
		foreignFields = await fieldIds(t.db, b.municipality.id);
		const planNord = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Plan Nord' } })).id;
		const planSued = (await createActionPlan({ ctx: a.ctx, input: { districtId: sued, title: 'Plan Süd' } })).id;
		goalNord = (await createGoal({ ctx: a.ctx, input: { planId: planNord, actionFieldId: fields.education, title: 'Bildungserfolg sichern', priority: '1' } })).id;
		goalSued = (await createGoal({ ctx: a.ctx, input: { planId: planSued, actionFieldId: fields.education, title: 'Lernorte schaffen', priority: '1' } })).id;
		measureNord = newId();
		const now = nowIso();
		await t.db.kysely
			.insertInto('measure')
			.values({
				id: measureNord,
				municipality_id: a.municipality.id,
				action_plan_id: planNord,
				action_field_id: fields.education,
				title: 'Lernwerkstatt am Nachmittag',
				description: '',
				lead_actor_id: null,
				start_date: null,
				end_date: null,
				cost_cents: null,
				funding_source: '',
				spatial_scope: 'district',
				site_label: '',
				site_lat: null,
				site_lon: null,
				decidable_locally: 1,
				integrated: 0,
				starter_project: 0,
				status: 'planned',
				created_at: now,
				updated_at: now
			})
			.execute();
		actor = await insertActor(t.db, a.municipality.id, 'Elternverein Nordstadt', 'civil-society');
		foreignActor = await insertActor(t.db, b.municipality.id, 'Fremder Verein', 'civil-society');
	});
	afterAll(async () => t.cleanup());

	it('records a need anonymously by default, with one audit entry, and lists it with filters', async () => {
		const before = await snapshot();
		const r = await createNeed({ ctx: a.ctx, input: need({ raisedByText: 'Frau Y', placeLat: '52,48', placeLon: '13.43', placeLabel: 'Schulhof' }) });
		expect(r.replayed).toBe(false);
		const n = await findNeed(t.db.kysely, a.municipality.id, r.id);
		expect(n).toMatchObject({
			state: 'open',
			channel: 'event-stand',
			language: 'ar',
			raisedBy: 'anonymous',
			raisedByText: '', // anonymous drops a name typed alongside
			placeLat: 52.48,
			placeLon: 13.43,
			targetGroups: ['children', 'parents'],
			districtName: 'Nordstadt',
			actionFieldName: 'Bildung und Übergang Schule–Beruf'
		});
		const after = await snapshot();
		expect(after.need - before.need).toBe(1);
		expect(after.audit_entry - before.audit_entry).toBe(1);
		expect((await audits(r.id)).map((x) => x.action)).toEqual(['create']);
		expect((await listNeeds(t.db.kysely, a.municipality.id, { districtId: nord, language: 'ar', channel: 'event-stand', state: 'open' })).map((x) => x.id)).toContain(r.id);
		expect(await listNeeds(t.db.kysely, a.municipality.id, { language: 'tr' })).toEqual([]);
		expect(await listNeeds(t.db.kysely, b.municipality.id)).toEqual([]);
	});

	it('is idempotent with a submission key: a double submission creates one need', async () => {
		const key = `form-${newId()}`;
		const before = await snapshot();
		const [x, y] = await Promise.all([createNeed({ ctx: a.ctx, input: need({ submissionKey: key }) }), createNeed({ ctx: a.ctx, input: need({ submissionKey: key }) })]);
		const z = await createNeed({ ctx: a.ctx, input: need({ submissionKey: key }) });
		expect(new Set([x.id, y.id, z.id]).size).toBe(1);
		expect(z.replayed).toBe(true);
		const after = await snapshot();
		expect(after.need - before.need).toBe(1);
		expect(after.audit_entry - before.audit_entry).toBe(1);
		// The same key in another municipality is another need.
		const other = await createNeed({ ctx: b.ctx, input: need({ districtId: foreignDistrict, actionFieldId: foreignFields.health, submissionKey: key }) });
		expect(other.id).not.toBe(x.id);
	});

	it('rejects bad input with field errors and writes nothing; keeps scripts as text', async () => {
		const before = await snapshot();
		const bad: [Record<string, unknown>, string, string][] = [
			[need({ title: '' }), 'title', 'error.required'],
			[need({ title: 'x'.repeat(201) }), 'title', 'error.tooLong'],
			[need({ statement: 'x'.repeat(5001) }), 'statement', 'error.tooLong'],
			[need({ channel: 'telepathy' }), 'channel', 'error.invalidChoice'],
			[need({ channel: '' }), 'channel', 'error.required'],
			[need({ language: 'xx' }), 'language', 'error.invalidChoice'],
			[need({ targetGroups: ['aliens'] }), 'targetGroups', 'error.invalidChoice'],
			[need({ placeLat: '95', placeLon: '13' }), 'placeLat', 'error.latitude'],
			[need({ placeLat: '52.5' }), 'placeLon', 'error.latLonPair'],
			[need({ placeLat: 'abc', placeLon: '13' }), 'placeLat', 'error.number'],
			[need({ raisedBy: 'person', raisedByText: 'Ayşe K.' }), 'consentRecorded', 'error.needConsentRequired'],
			[need({ raisedBy: 'actor' }), 'raisedByActorId', 'error.required'],
			[need({ raisedBy: 'group' }), 'raisedByText', 'error.required'],
			[need({ districtId: 'not-a-uuid' }), 'districtId', 'error.unknownReference'],
			[need({ districtId: foreignDistrict }), 'districtId', 'error.unknownReference'],
			[need({ actionFieldId: foreignFields.health }), 'actionFieldId', 'error.unknownReference'],
			[need({ raisedBy: 'actor', raisedByActorId: foreignActor }), 'raisedByActorId', 'error.unknownReference'],
			[need({ submissionKey: 'bad key with spaces' }), 'submissionKey', 'error.invalid']
		];
		for (const [input, field, key] of bad) {
			const err = await createNeed({ ctx: a.ctx, input }).catch((e) => e);
			expect(err, `${field}: ${key}`).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field], `${field}: ${JSON.stringify(err.fieldErrors)}`).toContain(key);
		}
		await expect(createNeed({ ctx: a.ctx, input: 'nonsense' })).rejects.toBeInstanceOf(ValidationError);
		expect(await snapshot()).toEqual(before);

		const script = '<script>alert(1)</script>\u0000 Spielplatz';
		const { id } = await createNeed({ ctx: a.ctx, input: need({ title: script, statement: script }) });
		const n = await findNeed(t.db.kysely, a.municipality.id, id);
		expect(n?.title).toBe('<script>alert(1)</script> Spielplatz');
	});

	it('keeps a named person only with consent and never writes the name into the audit trail', async () => {
		const { id } = await createNeed({ ctx: a.ctx, input: need({ raisedBy: 'person', raisedByText: 'Ayşe K.', consentRecorded: 'on' }) });
		expect(await findNeed(t.db.kysely, a.municipality.id, id)).toMatchObject({ raisedBy: 'person', raisedByText: 'Ayşe K.', consentRecorded: true });
		const [entry] = await audits(id);
		expect(entry.changes).not.toContain('Ayşe');
		const byActor = await createNeed({ ctx: a.ctx, input: need({ raisedBy: 'actor', raisedByActorId: actor }) });
		expect(await findNeed(t.db.kysely, a.municipality.id, byActor.id)).toMatchObject({ raisedBy: 'actor', raisedByActorName: 'Elternverein Nordstadt' });
	});

	it('takes a need up in goals and measures of its district plan only, with one audit entry per change', async () => {
		const { id } = await createNeed({ ctx: a.ctx, input: need() });
		const before = await snapshot();
		for (const [input, field, key] of [
			[{ goalIds: [], measureIds: [] }, 'goalIds', 'error.needLinkRequired'],
			[{ goalIds: [goalSued] }, 'goalIds', 'error.needOtherDistrict'],
			[{ goalIds: [newId()] }, 'goalIds', 'error.unknownReference'],
			[{ measureIds: ['x'] }, 'measureIds', 'error.unknownReference']
		] as const) {
			const err = await takeUpNeed({ ctx: a.ctx, needId: id, input }).catch((e) => e);
			expect(err).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field]).toContain(key);
		}
		expect(await snapshot()).toEqual(before);
		await takeUpNeed({ ctx: a.ctx, needId: id, input: { goalIds: goalNord, measureIds: [measureNord], publicReason: 'Im Aktionsplan 2026 aufgenommen.' } });
		const n = await findNeed(t.db.kysely, a.municipality.id, id);
		expect(n).toMatchObject({ state: 'taken_up', publicReason: 'Im Aktionsplan 2026 aufgenommen.' });
		expect(n?.goals.map((g) => g.id)).toEqual([goalNord]);
		expect(n?.measures.map((m) => m.title)).toEqual(['Lernwerkstatt am Nachmittag']);
		const after = await snapshot();
		expect(after.audit_entry - before.audit_entry).toBe(1);
		const history = await needHistory(t.db.kysely, a.municipality.id, id);
		expect(history.map((h) => [h.action, h.state])).toEqual([
			['create', 'open'],
			['take-up', 'taken_up']
		]);
		// Not pursued needs a public reason; then reopen clears the links.
		const err = await declineNeed({ ctx: a.ctx, needId: id, input: { publicReason: '  ' } }).catch((e) => e);
		expect(err.fieldErrors.publicReason).toContain('error.required');
		await declineNeed({ ctx: a.ctx, needId: id, input: { publicReason: 'Liegt in Landeszuständigkeit.' } });
		expect(await findNeed(t.db.kysely, a.municipality.id, id)).toMatchObject({ state: 'not_pursued', goals: [], measures: [] });
		await reopenNeed({ ctx: a.ctx, needId: id, input: {} });
		expect(await findNeed(t.db.kysely, a.municipality.id, id)).toMatchObject({ state: 'open', publicReason: '' });
		await expect(reopenNeed({ ctx: a.ctx, needId: id, input: {} })).rejects.toBeInstanceOf(ConflictError);
	});

	it('merges duplicates: links move, earlier merges are redirected, the merged need stays visible and final', async () => {
		const target = (await createNeed({ ctx: a.ctx, input: need({ title: 'Hausaufgabenhilfe' }) })).id;
		const dup = (await createNeed({ ctx: a.ctx, input: need({ title: 'Hilfe bei Hausaufgaben' }) })).id;
		const older = (await createNeed({ ctx: a.ctx, input: need({ title: 'Nachhilfe nachmittags' }) })).id;
		await mergeNeed({ ctx: a.ctx, needId: older, input: { intoNeedId: dup } });
		await takeUpNeed({ ctx: a.ctx, needId: dup, input: { goalIds: [goalNord] } });
		const before = await snapshot();
		for (const [into, key] of [
			[dup, 'error.needMergeSelf'],
			[older, 'error.needMergeIntoMerged'],
			[newId(), 'error.unknownReference']
		] as const) {
			const err = await mergeNeed({ ctx: a.ctx, needId: dup, input: { intoNeedId: into } }).catch((e) => e);
			expect(err.fieldErrors?.intoNeedId, key).toContain(key);
		}
		const south = (await createNeed({ ctx: a.ctx, input: need({ districtId: sued }) })).id;
		expect((await mergeNeed({ ctx: a.ctx, needId: dup, input: { intoNeedId: south } }).catch((e) => e)).fieldErrors.intoNeedId).toContain('error.needOtherDistrict');
		const afterFailures = await snapshot();
		expect({ ...afterFailures, need: before.need, audit_entry: before.audit_entry }).toEqual(before);
		expect(afterFailures.audit_entry - before.audit_entry).toBe(1); // only the southern need's creation

		await mergeNeed({ ctx: a.ctx, needId: dup, input: { intoNeedId: target, publicReason: 'Gleicher Wunsch.' } });
		const t1 = await findNeed(t.db.kysely, a.municipality.id, target);
		expect(t1).toMatchObject({ state: 'taken_up' });
		expect(t1?.goals.map((g) => g.id)).toEqual([goalNord]);
		expect(t1?.mergedFrom.map((m) => m.id).sort()).toEqual([dup, older].sort());
		expect(await findNeed(t.db.kysely, a.municipality.id, dup)).toMatchObject({ state: 'merged', mergedIntoId: target, mergedIntoTitle: 'Hausaufgabenhilfe', goals: [] });
		expect(await findNeed(t.db.kysely, a.municipality.id, older)).toMatchObject({ mergedIntoId: target });
		const err = await declineNeed({ ctx: a.ctx, needId: dup, input: { publicReason: 'x' } }).catch((e) => e);
		expect(err).toBeInstanceOf(ConflictError);
		expect((await audits(dup)).map((x) => x.action)).toEqual(['create', 'take-up', 'merge']);

		const pub = await listPublicNeeds(t.db.kysely, a.municipality.id, nord);
		const shown = pub.find((p) => p.id === dup)!;
		expect(shown).toMatchObject({ state: 'merged', mergedIntoTitle: 'Hausaufgabenhilfe', publicReason: 'Gleicher Wunsch.' });
		expect(Object.keys(shown)).not.toContain('statement');
		expect(JSON.stringify(pub)).not.toContain('Ayşe');
	});

	it('dispatches API state changes by state and keeps a need when its goal is deleted', async () => {
		const { id } = await createNeed({ ctx: a.ctx, input: need() });
		await expect(changeNeedState({ ctx: a.ctx, needId: id, input: {} })).rejects.toMatchObject({ fieldErrors: { state: ['error.required'] } });
		await expect(changeNeedState({ ctx: a.ctx, needId: id, input: { state: 'done' } })).rejects.toMatchObject({ fieldErrors: { state: ['error.invalidChoice'] } });
		const planNord = (await t.db.kysely.selectFrom('action_plan').select('id').where('district_id', '=', nord).executeTakeFirstOrThrow()).id;
		const spare = (await createGoal({ ctx: a.ctx, input: { planId: planNord, actionFieldId: fields.health, title: 'Gesund aufwachsen', priority: '2' } })).id;
		await changeNeedState({ ctx: a.ctx, needId: id, input: { state: 'taken_up', goalIds: [spare] } });
		await deleteGoal({ ctx: a.ctx, goalId: spare });
		expect(await findNeed(t.db.kysely, a.municipality.id, id)).toMatchObject({ state: 'taken_up', goals: [] });
	});

	it("treats another municipality's needs as not found and changes nothing", async () => {
		const foreign = (await createNeed({ ctx: b.ctx, input: need({ districtId: foreignDistrict, actionFieldId: foreignFields.health }) })).id;
		const own = (await createNeed({ ctx: a.ctx, input: need() })).id;
		const before = await snapshot();
		await expect(updateNeed({ ctx: a.ctx, needId: foreign, input: need() })).rejects.toBeInstanceOf(NotFoundError);
		await expect(takeUpNeed({ ctx: a.ctx, needId: foreign, input: { goalIds: [goalNord] } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(declineNeed({ ctx: a.ctx, needId: foreign, input: { publicReason: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(reopenNeed({ ctx: a.ctx, needId: foreign, input: {} })).rejects.toBeInstanceOf(NotFoundError);
		await expect(mergeNeed({ ctx: a.ctx, needId: foreign, input: { intoNeedId: own } })).rejects.toBeInstanceOf(NotFoundError);
		expect((await mergeNeed({ ctx: a.ctx, needId: own, input: { intoNeedId: foreign } }).catch((e) => e)).fieldErrors.intoNeedId).toContain('error.unknownReference');
		expect(await snapshot()).toEqual(before);
		expect(await findNeed(t.db.kysely, a.municipality.id, foreign)).toBeUndefined();
		expect(await listPublicNeeds(t.db.kysely, a.municipality.id, foreignDistrict)).toEqual([]);
	});

	it('lets departments and partners record needs in their districts, but only plan owners decide', async () => {
		const partner = asGrants({ db: t.db, municipalityId: a.municipality.id, userId: 'partner-user' }, [{ role: 'partner', actorId: actor, districtIds: [nord] }]);
		const board = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		const narrowPlanner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		const before = await snapshot();
		await expect(createNeed({ ctx: board, input: need() })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createNeed({ ctx: partner, input: need({ districtId: sued }) })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		const { id } = await createNeed({ ctx: partner, input: need() });
		await updateNeed({ ctx: partner, needId: id, input: need({ title: 'Korrigiert' }) });
		await expect(takeUpNeed({ ctx: partner, needId: id, input: { goalIds: [goalNord] } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(declineNeed({ ctx: narrowPlanner, needId: id, input: { publicReason: 'x' } })).rejects.toBeInstanceOf(ForbiddenError);
		const other = asGrants({ db: t.db, municipalityId: a.municipality.id, userId: 'other-partner' }, [{ role: 'partner', actorId: actor, districtIds: [nord] }]);
		await expect(updateNeed({ ctx: other, needId: id, input: need() })).rejects.toBeInstanceOf(ForbiddenError);
		// A survey import runs as the system and records needs with the channel 'survey'.
		const fromSurvey = await createNeed({ ctx: { db: t.db, principal: systemPrincipal(a.municipality.id) }, input: need({ channel: 'survey', submissionKey: 'survey:r1:q2' }) });
		expect(await findNeed(t.db.kysely, a.municipality.id, fromSurvey.id)).toMatchObject({ channel: 'survey', createdBy: null });
	});

	it('records engagements with language support and captures needs in them', async () => {
		const before = await snapshot();
		const key = `eng-${newId()}`;
		const input = {
			districtId: nord,
			kind: 'round-table',
			title: 'Runder Tisch Bildung',
			heldOn: '2026-03-12',
			place: 'Stadtteilzentrum',
			actorIds: [actor, actor],
			participantCount: '23',
			participants: 'Eltern, überwiegend arabisch- und türkischsprachig',
			interpretingLanguages: ['ar', 'tr'],
			whisperCornerLanguages: 'uk',
			childcare: 'on',
			stepFree: 'on',
			submissionKey: key
		};
		const { id } = await createEngagement({ ctx: a.ctx, input });
		expect((await createEngagement({ ctx: a.ctx, input })).id).toBe(id);
		const e = await findEngagement(t.db.kysely, a.municipality.id, id);
		expect(e).toMatchObject({
			kind: 'round-table',
			participantCount: 23,
			interpretingLanguages: ['ar', 'tr'],
			whisperCornerLanguages: ['uk'],
			childcare: true,
			stepFree: true,
			actors: [{ id: actor, name: 'Elternverein Nordstadt' }]
		});
		const after = await snapshot();
		expect(after.engagement - before.engagement).toBe(1);
		expect(after.audit_entry - before.audit_entry).toBe(1);

		// A need captured in the record takes its channel; another channel or another district is refused.
		const captured = await createNeed({ ctx: a.ctx, input: need({ channel: '', engagementId: id }) });
		expect(await findNeed(t.db.kysely, a.municipality.id, captured.id)).toMatchObject({ channel: 'round-table', engagementId: id, engagementTitle: 'Runder Tisch Bildung' });
		expect((await createNeed({ ctx: a.ctx, input: need({ channel: 'survey', engagementId: id }) }).catch((x) => x)).fieldErrors.channel).toContain('error.needChannelMismatch');
		expect((await createNeed({ ctx: a.ctx, input: need({ districtId: sued, engagementId: id }) }).catch((x) => x)).fieldErrors.engagementId).toContain('error.needOtherDistrict');
		expect((await listEngagements(t.db.kysely, a.municipality.id, { districtId: nord })).find((x) => x.id === id)).toMatchObject({ needCount: 1, languageSupport: true });

		const snap = await snapshot();
		for (const [bad, field, keyName] of [
			[{ ...input, submissionKey: undefined, heldOn: '2026-13-45' }, 'heldOn', 'error.date'],
			[{ ...input, submissionKey: undefined, participantCount: '-3' }, 'participantCount', 'error.negative'],
			[{ ...input, submissionKey: undefined, interpretingLanguages: ['klingon'] }, 'interpretingLanguages', 'error.invalidChoice'],
			[{ ...input, submissionKey: undefined, actorIds: [foreignActor] }, 'actorIds', 'error.unknownReference'],
			[{ ...input, submissionKey: undefined, notes: 'x'.repeat(20_001) }, 'notes', 'error.tooLong'],
			[{ ...input, submissionKey: undefined, districtId: foreignDistrict }, 'districtId', 'error.unknownReference']
		] as const) {
			const err = await createEngagement({ ctx: a.ctx, input: bad }).catch((x) => x);
			expect(err, field).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field], JSON.stringify(err.fieldErrors)).toContain(keyName);
		}
		const err = await updateEngagement({ ctx: a.ctx, engagementId: id, input: { ...input, kind: 'interview' } }).catch((x) => x);
		expect(err.fieldErrors.kind).toContain('error.engagementKindInUse');
		await expect(deleteEngagement({ ctx: a.ctx, engagementId: id })).rejects.toBeInstanceOf(ConflictError);
		const foreignEng = (await createEngagement({ ctx: b.ctx, input: { ...input, districtId: foreignDistrict, actorIds: [], submissionKey: undefined } })).id;
		expect(await snapshot()).toEqual({ ...snap, engagement: snap.engagement + 1, audit_entry: snap.audit_entry + 1 });
		const snap2 = await snapshot();
		await expect(updateEngagement({ ctx: a.ctx, engagementId: foreignEng, input })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteEngagement({ ctx: a.ctx, engagementId: foreignEng })).rejects.toBeInstanceOf(NotFoundError);
		expect((await createNeed({ ctx: a.ctx, input: need({ engagementId: foreignEng }) }).catch((x) => x)).fieldErrors.engagementId).toContain('error.unknownReference');
		expect(await snapshot()).toEqual(snap2);

		await updateEngagement({ ctx: a.ctx, engagementId: id, input: { ...input, title: 'Runder Tisch Bildung (März)', actorIds: [] } });
		expect(await findEngagement(t.db.kysely, a.municipality.id, id)).toMatchObject({ title: 'Runder Tisch Bildung (März)', actors: [] });
		const empty = (await createEngagement({ ctx: a.ctx, input: { ...input, kind: 'interview', submissionKey: undefined } })).id;
		await deleteEngagement({ ctx: a.ctx, engagementId: empty });
		expect(await findEngagement(t.db.kysely, a.municipality.id, empty)).toBeUndefined();
	});
});
