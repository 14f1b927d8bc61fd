import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError, ValidationError } from '../core/errors';
import { fieldIds, insertDistrict } from '../plans/test-helpers';
import { createNeed } from './create-need';
import { updateNeed } from './update-need';
import { takeUpNeed } from './take-up-need';
import { mergeNeed } from './merge-need';
import { acceptNeed } from './accept-need';
import { rejectNeed } from './reject-need';
import { submitPublicNeed } from './submit-public-need';
import { reviewNeed } from './review-need';
import { needListQuery } from './needs.openapi';
import { countNeeds, findNeed, listNeeds, listPublicNeeds } from './needs.repository';
import { needFormStart, PUBLIC_NEED_LIMITS } from './public-form';
import { provisionalTitle } from '../../domain/needs';

const tables = ['need', 'need_actor', 'audit_entry'] as const;

describe.each(dbKinds())('public need submissions and their review [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let foreignDistrict: string;
	let fields: Record<string, string>;
	let foreignFields: Record<string, string>;
	let address = 0;

	const snapshot = async () => {
		const out: Record<string, number> = {};
		for (const table of tables) {
			const r = await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			out[table] = Number(r.n);
		}
		return out;
	};
	const audits = (id: string) =>
		t.db.kysely.selectFrom('audit_entry').select(['action', 'changes', 'user_id']).where('entity_id', '=', id).orderBy('created_at').orderBy('id').execute();
	/** A form served ten seconds ago, as a person would send it. */
	const form = async (over: Record<string, unknown> = {}, municipalityId = a.municipality.id) => ({
		_started: await needFormStart(t.db.kysely, municipalityId, Date.now() - 10_000),
		formKey: randomUUID(),
		website: '',
		text: 'Ein Treffpunkt für Jugendliche am Abend <script>alert(1)</script>',
		actionFieldId: '',
		targetGroup: 'youth',
		placeLabel: 'Marktplatz',
		language: 'tr',
		email: '',
		...over
	});
	const submit = async (input: Record<string, unknown>, districtId = nord, municipalityId = a.municipality.id, clientAddress = `10.0.0.${++address}`) =>
		submitPublicNeed({ db: t.db, municipalityId, districtId, input, clientAddress });
	const row = (id: string) => t.db.kysely.selectFrom('need').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Prüfstadt');
		b = await createTenant(t.db, 'Andere Stadt');
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Fremdviertel');
		fields = await fieldIds(t.db, a.municipality.id);
		foreignFields = await fieldIds(t.db, b.municipality.id);
	});
	afterAll(async () => t.cleanup());

	it('stores a public submission as a pending, anonymous online-form need with one audit entry free of the text', async () => {
		const before = await snapshot();
		const r = await submit(await form());
		expect(r.status).toBe('stored');
		expect(await snapshot()).toEqual({ ...before, need: before.need + 1, audit_entry: before.audit_entry + 1 });
		const n = await row(r.id!);
		expect(n).toMatchObject({
			channel: 'online-form',
			review_state: 'pending',
			state: 'open',
			raised_by: 'anonymous',
			raised_by_text: '',
			consent_recorded: 0,
			language: 'tr',
			place_label: 'Marktplatz',
			field_given: 0,
			created_by: null,
			district_id: nord
		});
		// Markup is stored as typed (escaped on output), never interpreted.
		expect(n.statement).toBe('Ein Treffpunkt für Jugendliche am Abend <script>alert(1)</script>');
		expect(n.title).toBe(n.statement);
		expect(JSON.parse(n.target_groups)).toEqual(['youth']);
		const [audit] = await audits(r.id!);
		expect(audit.action).toBe('submit');
		expect(audit.user_id).toBeNull();
		expect(audit.changes).not.toContain('Treffpunkt');
		expect(audit.changes).not.toContain('Marktplatz');
		expect(JSON.parse(audit.changes).after).toMatchObject({ reviewState: 'pending', channel: 'online-form', fieldGiven: false, contactConsent: false });
		// Not on the public page, but in the staff list and its count of submissions to review.
		expect((await listPublicNeeds(t.db.kysely, a.municipality.id, nord)).map((x) => x.id)).not.toContain(r.id);
		expect((await listNeeds(t.db.kysely, a.municipality.id, { review: 'pending' })).map((x) => x.id)).toContain(r.id);
		expect((await listNeeds(t.db.kysely, a.municipality.id)).find((x) => x.id === r.id)?.reviewState).toBe('pending');
		expect(await countNeeds(t.db.kysely, a.municipality.id, { review: 'pending' })).toBeGreaterThanOrEqual(1);
	});

	it('keeps a contact address only with consent, and refuses one without it', async () => {
		const before = await snapshot();
		await expect(submit(await form({ email: 'anna@example.org' }))).rejects.toMatchObject({ fieldErrors: { contactConsent: ['error.needForm.consentRequired'] } });
		expect(await snapshot()).toEqual(before);
		const r = await submit(await form({ email: 'anna@example.org', contactConsent: 'on', actionFieldId: fields.education }));
		const n = await row(r.id!);
		expect(n).toMatchObject({ raised_by: 'person', raised_by_text: 'anna@example.org', consent_recorded: 1, field_given: 1, action_field_id: fields.education });
		expect((await audits(r.id!))[0].changes).not.toContain('anna@');
		// A consent box ticked without an address stores nothing personal.
		const anon = await submit(await form({ contactConsent: 'on' }));
		expect(await row(anon.id!)).toMatchObject({ raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 });
	});

	it('stores a double submission of the same form once', async () => {
		const f = await form();
		const before = await snapshot();
		const [first, second] = await Promise.all([submit(f), submit(f)]);
		const third = await submit(f);
		expect(await snapshot()).toEqual({ ...before, need: before.need + 1, audit_entry: before.audit_entry + 1 });
		expect(new Set([first.id, second.id, third.id]).size).toBe(1);
		expect([first.status, second.status, third.status].filter((s) => s === 'stored')).toHaveLength(1);
		expect(third.status).toBe('replayed');
	});

	it('stores nothing for a filled honeypot, a too fast, forged, foreign or missing start token, or too long and invalid fields', async () => {
		const before = await snapshot();
		expect(await submit(await form({ website: 'http://spam.example' }))).toEqual({ status: 'discarded', id: null });
		const tooFast = await form({ _started: await needFormStart(t.db.kysely, a.municipality.id) });
		await expect(submit(tooFast)).rejects.toMatchObject({ fieldErrors: { _form: ['error.needForm.tooFast'] } });
		await expect(submit(await form({ _started: `${Date.now() - 10_000}.${'x'.repeat(32)}` }))).rejects.toMatchObject({ fieldErrors: { _form: ['error.needForm.expired'] } });
		await expect(submit(await form({ _started: undefined }))).rejects.toMatchObject({ fieldErrors: { _form: ['error.needForm.expired'] } });
		// A token signed for another municipality does not open this municipality's form.
		await expect(submit(await form({}, b.municipality.id))).rejects.toMatchObject({ fieldErrors: { _form: ['error.needForm.expired'] } });
		await expect(submit(await form({ _started: await needFormStart(t.db.kysely, a.municipality.id, Date.now() - 2 * 24 * 3600_000) }))).rejects.toBeInstanceOf(ValidationError);
		await expect(submit(await form({ text: 'x'.repeat(2001) }))).rejects.toMatchObject({ fieldErrors: { text: ['error.tooLong'] } });
		await expect(submit(await form({ text: '   ' }))).rejects.toMatchObject({ fieldErrors: { text: ['error.required'] } });
		await expect(submit(await form({ placeLabel: 'p'.repeat(201), email: 'kein-mail', targetGroup: 'aliens', language: 'xx' }))).rejects.toMatchObject({
			fieldErrors: { placeLabel: ['error.tooLong'], email: ['error.email'], targetGroup: ['error.invalidChoice'], language: ['error.invalidChoice'] }
		});
		await expect(submit(await form({ formKey: 'not-a-key' }))).rejects.toMatchObject({ fieldErrors: { _form: ['error.needForm.expired'] } });
		// Another municipality's field of action, or an inactive one.
		await expect(submit(await form({ actionFieldId: foreignFields.education }))).rejects.toMatchObject({ fieldErrors: { actionFieldId: ['error.unknownReference'] } });
		expect(await snapshot()).toEqual(before);
	});

	it('answers NotFound for a district of another municipality or an unknown one, and changes nothing', async () => {
		const before = await snapshot();
		await expect(submit(await form(), foreignDistrict)).rejects.toBeInstanceOf(NotFoundError);
		await expect(submit(await form(), randomUUID())).rejects.toBeInstanceOf(NotFoundError);
		await expect(submit(await form({}, b.municipality.id), nord, b.municipality.id)).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
	});

	it('limits submissions per client address', async () => {
		const ip = '192.0.2.77';
		for (let i = 0; i < PUBLIC_NEED_LIMITS.perAddress.maxAttempts; i++) await submit(await form(), sued, a.municipality.id, ip);
		const before = await snapshot();
		await expect(submit(await form(), sued, a.municipality.id, ip)).rejects.toBeInstanceOf(RateLimitError);
		expect((await snapshot()).need).toBe(before.need);
	});

	it('accepts a submission: title and field by staff, one audit entry, then public; only once', async () => {
		const r = await submit(await form({ text: 'Sprachcafé für Mütter\nmit Kinderbetreuung' }));
		expect((await row(r.id!)).title).toBe('Sprachcafé für Mütter');
		const before = await snapshot();
		await expect(acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: '', actionFieldId: foreignFields.language } })).rejects.toMatchObject({
			fieldErrors: { title: ['error.required'] }
		});
		await expect(acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'Sprachcafé', actionFieldId: foreignFields.language } })).rejects.toMatchObject({
			fieldErrors: { actionFieldId: ['error.unknownReference'] }
		});
		// Another municipality cannot see or accept it; a department may not decide.
		await expect(acceptNeed({ ctx: b.ctx, needId: r.id!, input: { title: 'X', actionFieldId: foreignFields.language } })).rejects.toBeInstanceOf(NotFoundError);
		const department = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'department', actorId: null, districtIds: null }]);
		await expect(acceptNeed({ ctx: department, needId: r.id!, input: { title: 'X', actionFieldId: fields.language } })).rejects.toBeInstanceOf(ForbiddenError);
		const narrow = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: [sued] }]);
		await expect(acceptNeed({ ctx: narrow, needId: r.id!, input: { title: 'X', actionFieldId: fields.language } })).rejects.toBeInstanceOf(ForbiddenError);
		// A pending submission is not edited, taken up or declined before it is accepted.
		await expect(updateNeed({ ctx: a.ctx, needId: r.id!, input: { actionFieldId: fields.language, title: 'X', channel: 'online-form' } })).rejects.toBeInstanceOf(ConflictError);
		await expect(takeUpNeed({ ctx: a.ctx, needId: r.id!, input: {} })).rejects.toBeInstanceOf(ConflictError);
		expect(await snapshot()).toEqual(before);

		await acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'Sprachcafé mit Kinderbetreuung', actionFieldId: fields.language } });
		expect(await snapshot()).toEqual({ ...before, audit_entry: before.audit_entry + 1 });
		expect(await row(r.id!)).toMatchObject({ review_state: 'accepted', state: 'open', title: 'Sprachcafé mit Kinderbetreuung', action_field_id: fields.language, field_given: 1 });
		expect((await row(r.id!)).reviewed_at).not.toBeNull();
		const history = await audits(r.id!);
		expect(history.map((h) => h.action)).toEqual(['submit', 'accept']);
		expect(history[1].user_id).toBe(a.user.id);
		const pub = await listPublicNeeds(t.db.kysely, a.municipality.id, nord);
		expect(pub.find((x) => x.id === r.id)).toMatchObject({ title: 'Sprachcafé mit Kinderbetreuung', state: 'open' });
		await expect(acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'Nochmal', actionFieldId: fields.language } })).rejects.toBeInstanceOf(ConflictError);
		await expect(rejectNeed({ ctx: a.ctx, needId: r.id!, input: { reason: 'spam' } })).rejects.toBeInstanceOf(ConflictError);
	});

	it('merges a submission into an existing need: reviewed, shown as merged, contact deleted', async () => {
		const target = await createNeed({ ctx: a.ctx, input: { districtId: nord, actionFieldId: fields.sport, title: 'Bolzplatz sanieren', channel: 'district-forum' } });
		const pendingTarget = await submit(await form({ text: 'Noch ungeprüft' }));
		const r = await submit(await form({ text: 'Der Bolzplatz ist kaputt', email: 'ben@example.org', contactConsent: 'on' }));
		const before = await snapshot();
		await expect(mergeNeed({ ctx: a.ctx, needId: r.id!, input: { intoNeedId: pendingTarget.id } })).rejects.toMatchObject({ fieldErrors: { intoNeedId: ['error.needMergeIntoUnreviewed'] } });
		await expect(mergeNeed({ ctx: b.ctx, needId: r.id!, input: { intoNeedId: target.id } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
		await mergeNeed({ ctx: a.ctx, needId: r.id!, input: { intoNeedId: target.id, publicReason: 'Gleicher Wunsch' } });
		expect(await snapshot()).toEqual({ ...before, audit_entry: before.audit_entry + 1 });
		expect(await row(r.id!)).toMatchObject({ review_state: 'accepted', state: 'merged', merged_into_id: target.id, raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 });
		const [, merge] = await audits(r.id!);
		expect(merge.action).toBe('merge');
		expect(JSON.parse(merge.changes).after).toMatchObject({ state: 'merged', reviewState: 'accepted', mergedIntoId: target.id });
		const pub = await listPublicNeeds(t.db.kysely, a.municipality.id, nord);
		expect(pub.find((x) => x.id === r.id)).toMatchObject({ state: 'merged', mergedIntoId: target.id, mergedIntoTitle: 'Bolzplatz sanieren' });
		expect(pub.map((x) => x.id)).not.toContain(pendingTarget.id);
	});

	it('rejects a submission as spam: text and contact deleted, never public, one audit entry', async () => {
		const r = await submit(await form({ text: 'Billige Uhren hier kaufen', email: 'spam@example.org', contactConsent: 'on', placeLabel: 'überall' }));
		const before = await snapshot();
		await expect(rejectNeed({ ctx: a.ctx, needId: r.id!, input: { reason: 'boring' } })).rejects.toMatchObject({ fieldErrors: { reason: ['error.invalidChoice'] } });
		await expect(rejectNeed({ ctx: b.ctx, needId: r.id!, input: { reason: 'spam' } })).rejects.toBeInstanceOf(NotFoundError);
		const partner = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'partner', actorId: null, districtIds: null }]);
		await expect(rejectNeed({ ctx: partner, needId: r.id!, input: { reason: 'spam' } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		await rejectNeed({ ctx: a.ctx, needId: r.id!, input: { reason: 'spam' } });
		expect(await snapshot()).toEqual({ ...before, audit_entry: before.audit_entry + 1 });
		const n = await row(r.id!);
		expect(n).toMatchObject({ review_state: 'rejected', review_reason: 'spam', state: 'not_pursued', title: '', statement: '', place_label: '', raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 });
		const all = await audits(r.id!);
		expect(all.map((x) => x.action)).toEqual(['submit', 'reject']);
		expect(all.map((x) => x.changes).join()).not.toMatch(/Uhren|spam@|überall/);
		expect((await listPublicNeeds(t.db.kysely, a.municipality.id, nord)).map((x) => x.id)).not.toContain(r.id);
		// Left out of the staff list unless asked for; the resent form still finds it and stores nothing new.
		expect((await listNeeds(t.db.kysely, a.municipality.id)).map((x) => x.id)).not.toContain(r.id);
		expect((await listNeeds(t.db.kysely, a.municipality.id, { review: 'rejected' })).map((x) => x.id)).toContain(r.id);
		expect((await findNeed(t.db.kysely, a.municipality.id, r.id!))?.reviewReason).toBe('spam');
		await expect(takeUpNeed({ ctx: a.ctx, needId: r.id!, input: {} })).rejects.toBeInstanceOf(ConflictError);
		await expect(acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'X', actionFieldId: fields.sport } })).rejects.toBeInstanceOf(ConflictError);
	});

	it('deletes the contact address of an accepted online need once it is decided on', async () => {
		const r = await submit(await form({ email: 'cem@example.org', contactConsent: 'on' }));
		await acceptNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'Jugendtreff', actionFieldId: fields.sport } });
		expect((await row(r.id!)).raised_by_text).toBe('cem@example.org');
		const { declineNeed } = await import('./decline-need');
		await declineNeed({ ctx: a.ctx, needId: r.id!, input: { publicReason: 'Es gibt schon einen Treff.' } });
		expect(await row(r.id!)).toMatchObject({ state: 'not_pursued', raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 });
	});

	it('reviews through the API entry point: accept or reject by decision, anything else a 422 that writes nothing', async () => {
		const r = await submit(await form({ text: 'Mehr Licht im Park' }));
		const s = await submit(await form({ text: 'Werbung' }));
		const before = await snapshot();
		await expect(reviewNeed({ ctx: a.ctx, needId: r.id!, input: { title: 'Licht im Park' } })).rejects.toMatchObject({ fieldErrors: { decision: ['error.required'] } });
		await expect(reviewNeed({ ctx: a.ctx, needId: r.id!, input: { decision: 'publish' } })).rejects.toMatchObject({ fieldErrors: { decision: ['error.invalidChoice'] } });
		await expect(reviewNeed({ ctx: b.ctx, needId: r.id!, input: { decision: 'reject', reason: 'spam' } })).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot()).toEqual(before);
		await reviewNeed({ ctx: a.ctx, needId: r.id!, input: { decision: 'accept', title: 'Licht im Park', actionFieldId: fields.housing } });
		await reviewNeed({ ctx: a.ctx, needId: s.id!, input: { decision: 'reject', reason: 'inappropriate' } });
		expect(await snapshot()).toEqual({ ...before, audit_entry: before.audit_entry + 2 });
		expect(await findNeed(t.db.kysely, a.municipality.id, r.id!)).toMatchObject({ reviewState: 'accepted', title: 'Licht im Park' });
		expect(await findNeed(t.db.kysely, a.municipality.id, s.id!)).toMatchObject({ reviewState: 'rejected', reviewReason: 'inappropriate', title: '' });
		// The list query of the API filters by review state and refuses unknown ones.
		const q = needListQuery.parse({ review: 'rejected' });
		expect((await listNeeds(t.db.kysely, a.municipality.id, q)).map((x) => x.id)).toContain(s.id);
		expect(needListQuery.safeParse({ review: 'maybe' }).success).toBe(false);
	});

	it('leaves needs recorded by staff accepted and public', async () => {
		const r = await createNeed({ ctx: a.ctx, input: { districtId: sued, actionFieldId: fields.health, title: 'Hebammensprechstunde', channel: 'interview' } });
		expect((await row(r.id)).review_state).toBe('accepted');
		expect((await listPublicNeeds(t.db.kysely, a.municipality.id, sued)).map((x) => x.id)).toContain(r.id);
	});
});

describe('provisional title', () => {
	it('takes the first line and cuts long text at a word', () => {
		expect(provisionalTitle('\n  Mehr  Bänke \nim Park')).toBe('Mehr Bänke');
		const long = provisionalTitle('wort '.repeat(100));
		expect(long.length).toBeLessThanOrEqual(200);
		expect(long.endsWith('wort…')).toBe(true);
	});
});
