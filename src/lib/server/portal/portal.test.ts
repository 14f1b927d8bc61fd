import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, createTenant } from '../testing/fixtures';
import { ForbiddenError, NotFoundError, RateLimitError, ValidationError } from '../core/errors';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { deleteMeasure } from '../plans/delete-measure';
import { updateMeasureProgress } from '../plans/update-measure-progress';
import { submitPlanVersion } from '../plans/submit-plan-version';
import { resolvePlanVersion } from '../plans/resolve-plan-version';
import { findMeasure } from '../plans/measures.repository';
import { fieldIds, insertActor, insertDistrict } from '../plans/test-helpers';
import { updatePortalSettings } from './update-portal-settings';
import { createNews } from './create-news';
import { updateNews } from './update-news';
import { deleteNews } from './delete-news';
import { submitFeedback } from './submit-feedback';
import { setFeedbackHandled } from './set-feedback-handled';
import { deleteFeedback } from './delete-feedback';
import { findFeedback, findPublicVersion, getPortalSettings, listFeedback, listNews, listResolvedPlans, livingProgress } from './portal.repository';
import { loadPublicDistrict } from './public-plan';
import { GOAL_CSV_COLUMNS, MEASURE_CSV_COLUMNS, goalsCsv, measuresCsv, measuresGeoJson, planJson, type OpenDataSource } from './open-data';
import { parseOpenDataFile } from './open-data-response';
import { withProgress } from '../../domain/portal';

const settingsInput = {
	enabled: 'on',
	languages: ['en', 'ar', 'de-x-ls'],
	licence: 'cc-by-4.0',
	attribution: 'Stadt Beispiel, Integrationsbüro',
	imprintUrl: 'https://www.beispiel.de/impressum',
	privacyUrl: '',
	feedbackEmail: 'integration@beispiel.de',
	feedbackPhone: '+49 (0)30 1234-56',
	a11yStatus: 'partial',
	a11yNonAccessible: 'Karten sind Grafiken; die Liste daneben enthält dieselben Angaben.',
	a11yPreparedOn: '2026-05-01',
	a11yReviewedOn: '2026-09-01',
	a11yMethod: 'self-assessment',
	a11yEnforcementBody: 'Landesbeauftragte für digitale Barrierefreiheit, Musterstraße 1, 10115 Berlin',
	a11yEnforcementUrl: 'https://www.berlin.de/moderne-verwaltung/barrierefreie-it/'
};

describe.each(dbKinds())('public portal [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let sued: string;
	let foreignDistrict: string;

	const count = async (table: 'portal_settings' | 'portal_news' | 'portal_feedback' | 'audit_entry') =>
		Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => [await count('portal_settings'), await count('portal_news'), await count('portal_feedback'), await count('audit_entry')];

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		sued = await insertDistrict(t.db, a.municipality.id, 'Südstadt');
		foreignDistrict = await insertDistrict(t.db, b.municipality.id, 'Altstadt');
	});
	afterAll(async () => t.cleanup());

	it('settings: defaults without a row; saved with one audit entry; German always public; hostile input and other roles change nothing', async () => {
		const d = await getPortalSettings(t.db.kysely, a.municipality.id);
		expect(d).toMatchObject({ enabled: true, languages: ['de', 'en'], licence: 'dl-de-by-2.0', a11yStatus: 'partial', updatedAt: null });
		expect(d.a11yEnforcementBody).toContain('Schlichtungsstelle');

		const before = await counts();
		const saved = await updatePortalSettings({ ctx: a.ctx, input: settingsInput });
		expect(saved.languages).toEqual(['de', 'de-x-ls', 'en', 'ar']);
		expect(saved).toMatchObject({ licence: 'cc-by-4.0', feedbackPhone: '+49 (0)30 1234-56', a11yPreparedOn: '2026-05-01' });
		expect(await counts()).toEqual([before[0] + 1, before[1], before[2], before[3] + 1]);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity', '=', 'portal_settings').executeTakeFirstOrThrow();
		expect(audit.entity_id).toBe(a.municipality.id);
		// A second save updates the row (no second row), one more audit entry.
		await updatePortalSettings({ ctx: a.ctx, input: { ...settingsInput, enabled: '', languages: 'tr' } });
		expect(await getPortalSettings(t.db.kysely, a.municipality.id)).toMatchObject({ enabled: false, languages: ['de', 'tr'] });
		expect(await count('portal_settings')).toBe(before[0] + 1);

		const snapshot = JSON.stringify(await getPortalSettings(t.db.kysely, a.municipality.id));
		const after = await counts();
		const bad = updatePortalSettings({
			ctx: a.ctx,
			input: { ...settingsInput, languages: ['en', 'xx'], imprintUrl: 'javascript:alert(1)', feedbackEmail: '', feedbackPhone: '', a11yPreparedOn: '', licence: 'proprietary', a11yReviewedOn: '2026-01-01', a11yEnforcementBody: ' ' }
		});
		await expect(bad).rejects.toBeInstanceOf(ValidationError);
		await expect(bad).rejects.toMatchObject({
			fieldErrors: { imprintUrl: ['error.url'], licence: ['error.invalidChoice'], a11yEnforcementBody: ['error.required'] }
		});
		await expect(updatePortalSettings({ ctx: a.ctx, input: { ...settingsInput, feedbackEmail: '', feedbackPhone: '', a11yPreparedOn: '' } })).rejects.toMatchObject({
			fieldErrors: { feedbackEmail: ['error.portalContactRequired'], a11yPreparedOn: ['error.required'] }
		});
		await expect(updatePortalSettings({ ctx: a.ctx, input: { ...settingsInput, a11yReviewedOn: '2026-01-01', feedbackPhone: '0800 <script>' } })).rejects.toMatchObject({
			fieldErrors: { a11yReviewedOn: ['error.portalReviewBeforePrepared'], feedbackPhone: ['error.phone'] }
		});
		const coordinator = asGrants(a.ctx, [{ role: 'coordinator', actorId: null, districtIds: null }]);
		await expect(updatePortalSettings({ ctx: coordinator, input: settingsInput })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual(after);
		expect(JSON.stringify(await getPortalSettings(t.db.kysely, a.municipality.id))).toBe(snapshot);
		// The other municipality still has the defaults.
		expect((await getPortalSettings(t.db.kysely, b.municipality.id)).updatedAt).toBeNull();
		await updatePortalSettings({ ctx: a.ctx, input: settingsInput });
	});

	it('news: create, update, delete with one audit entry each; public list shows only published items up to today; foreign ids refused', async () => {
		const before = await counts();
		const city = await createNews({ ctx: a.ctx, input: { title: 'Aktionsplan beschlossen', body: 'Der Rat hat …', publishedOn: '2026-03-12', published: 'on', districtId: '' } });
		const north = await createNews({ ctx: a.ctx, input: { title: 'Sprachcafé eröffnet', publishedOn: '2026-04-01', published: 'on', districtId: nord } });
		const draft = await createNews({ ctx: a.ctx, input: { title: 'Entwurf', publishedOn: '2026-04-02', districtId: nord } });
		const future = await createNews({ ctx: a.ctx, input: { title: 'Zukunft', publishedOn: '2099-01-01', published: 'on', districtId: sued } });
		expect(await counts()).toEqual([before[0], before[1] + 4, before[2], before[3] + 4]);
		expect(north).toMatchObject({ districtId: nord, districtName: 'Nordstadt', published: true });

		const pub = await listNews(t.db.kysely, a.municipality.id, { publishedOnly: true, today: '2026-11-25' });
		expect(pub.map((n) => n.id)).toEqual([north.id, city.id]);
		expect((await listNews(t.db.kysely, a.municipality.id, { publishedOnly: true, today: '2026-11-25', districtId: sued })).map((n) => n.id)).toEqual([city.id]);
		expect((await listNews(t.db.kysely, a.municipality.id, { publishedOnly: false })).map((n) => n.id)).toEqual(expect.arrayContaining([draft.id, future.id]));
		expect(await listNews(t.db.kysely, b.municipality.id, { publishedOnly: false })).toEqual([]);

		await updateNews({ ctx: a.ctx, newsId: draft.id, input: { title: 'Jetzt öffentlich', publishedOn: '2026-04-02', published: 'on', districtId: nord } });
		expect((await listNews(t.db.kysely, a.municipality.id, { publishedOnly: true, today: '2026-11-25' }))[0].title).toBe('Jetzt öffentlich');
		await deleteNews({ ctx: a.ctx, newsId: future.id });
		expect(await counts()).toEqual([before[0], before[1] + 3, before[2], before[3] + 6]);

		const mid = await counts();
		await expect(createNews({ ctx: a.ctx, input: { title: ' ', publishedOn: '26.03.2026', districtId: 'x' } })).rejects.toMatchObject({
			fieldErrors: { title: ['error.required'], publishedOn: ['error.date'], districtId: ['error.unknownReference'] }
		});
		await expect(createNews({ ctx: a.ctx, input: { title: 'Fremd', publishedOn: '2026-01-01', districtId: foreignDistrict } })).rejects.toMatchObject({ fieldErrors: { districtId: ['error.unknownReference'] } });
		await expect(updateNews({ ctx: b.ctx, newsId: city.id, input: { title: 'X', publishedOn: '2026-01-01' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteNews({ ctx: b.ctx, newsId: city.id })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteNews({ ctx: a.ctx, newsId: 'not-a-uuid' })).rejects.toBeInstanceOf(NotFoundError);
		// A coordinator narrowed to the south may write south news, not city-wide or northern ones; a planner none.
		const south = asGrants(a.ctx, [{ role: 'coordinator', actorId: null, districtIds: [sued] }]);
		await expect(createNews({ ctx: south, input: { title: 'Stadtweit', publishedOn: '2026-01-01' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateNews({ ctx: south, newsId: north.id, input: { title: 'X', publishedOn: '2026-01-01', districtId: sued } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteNews({ ctx: asGrants(a.ctx, [{ role: 'planner', actorId: null, districtIds: null }]), newsId: city.id })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual(mid);
		const ok = await createNews({ ctx: south, input: { title: 'Süd', publishedOn: '2026-01-01', districtId: sued } });
		await deleteNews({ ctx: south, newsId: ok.id });
	});

	it('feedback: stored with an audit entry without content; honeypot stores nothing; rate limit per address; inbox actions only for the coordination of the municipality', async () => {
		const before = await counts();
		const r = await submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'accessibility', message: 'Die Karte ist zu klein.', name: 'Eva', email: 'eva@example.org', pageUrl: '/p/x/districts/1' }, clientAddress: '198.51.100.1', language: 'ar' });
		expect(r.stored).toBe(true);
		expect(await counts()).toEqual([before[0], before[1], before[2] + 1, before[3] + 1]);
		const audit = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity_id', '=', r.id!).executeTakeFirstOrThrow();
		expect(audit.changes).not.toContain('Eva');
		expect(audit.changes).not.toContain('Karte');
		expect(audit.user_id).toBeNull();
		expect(await findFeedback(t.db.kysely, a.municipality.id, r.id!)).toMatchObject({ topic: 'accessibility', email: 'eva@example.org', language: 'ar', handledAt: null });

		const bot = await submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'other', message: 'Buy now', website: 'http://spam.example' }, clientAddress: '198.51.100.2', language: 'de' });
		expect(bot).toEqual({ stored: false, id: null });
		await expect(submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'spam', message: '', email: 'no', pageUrl: 'https://evil.example' }, clientAddress: '198.51.100.3', language: 'de' })).rejects.toMatchObject({
			fieldErrors: { topic: ['error.invalidChoice'], message: ['error.required'], email: ['error.email'], pageUrl: ['error.invalid'] }
		});
		const mid = await counts();
		expect(mid[2]).toBe(before[2] + 1);
		// Five messages an hour per address; the sixth is refused and nothing is stored.
		for (let i = 0; i < 5; i++) await submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'content', message: `Nachricht ${i}` }, clientAddress: '203.0.113.9', language: 'de' });
		await expect(submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'content', message: 'Noch eine' }, clientAddress: '203.0.113.9', language: 'de' })).rejects.toBeInstanceOf(RateLimitError);
		expect(await count('portal_feedback')).toBe(mid[2] + 5);

		expect((await listFeedback(t.db.kysely, a.municipality.id, { state: 'open' })).length).toBe(6);
		expect(await listFeedback(t.db.kysely, b.municipality.id)).toEqual([]);
		await setFeedbackHandled({ ctx: a.ctx, feedbackId: r.id!, handled: true });
		expect((await findFeedback(t.db.kysely, a.municipality.id, r.id!))?.handledAt).not.toBeNull();
		expect((await listFeedback(t.db.kysely, a.municipality.id, { state: 'handled' })).map((m) => m.id)).toEqual([r.id]);
		await setFeedbackHandled({ ctx: a.ctx, feedbackId: r.id!, handled: false });
		expect((await findFeedback(t.db.kysely, a.municipality.id, r.id!))?.handledAt).toBeNull();

		const stable = await counts();
		await expect(setFeedbackHandled({ ctx: b.ctx, feedbackId: r.id!, handled: true })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteFeedback({ ctx: b.ctx, feedbackId: r.id! })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteFeedback({ ctx: asGrants(a.ctx, [{ role: 'department', actorId: null, districtIds: null }]), feedbackId: r.id! })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual(stable);
		await deleteFeedback({ ctx: a.ctx, feedbackId: r.id! });
		expect(await findFeedback(t.db.kysely, a.municipality.id, r.id!)).toBeUndefined();
		const del = await t.db.kysely.selectFrom('audit_entry').selectAll().where('entity_id', '=', r.id!).where('action', '=', 'delete').executeTakeFirstOrThrow();
		expect(del.changes).not.toContain('eva@example.org');
	});

	it('public plan: nothing of a draft or a submitted version; the resolved version with the living progress; open data parses', async () => {
		const fields = await fieldIds(t.db, a.municipality.id);
		const actor = await insertActor(t.db, a.municipality.id, 'Jugendamt');
		const plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Aktionsplan Nordstadt', introduction: 'Gemeinsam erarbeitet' } })).id;
		const goal = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildung stärken', priority: 1 } })).id;
		const cafe = (
			await createMeasure({
				ctx: a.ctx,
				input: { planId: plan, actionFieldId: fields.education, title: 'Sprachcafé', goalIds: [goal], leadActorId: actor, spatialScope: 'site', siteLabel: 'Bibliothek; Eingang "Nord"', siteLat: '52.55', siteLon: '13.38', cost: '1.250,50', milestones: [{ title: 'Start', dueDate: '2026-06-30' }] }
			})
		).id;
		const fest = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.culture, title: '=Stadtteilfest', goalIds: [goal], spatialScope: 'district' } })).id;
		const title = (d: string) => `Karte ${d}`;

		// Draft only: the district page shows no plan.
		expect((await loadPublicDistrict(t.db.kysely, a.municipality.id, nord, title))?.plan).toBeNull();
		const v1 = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: 'intern: noch abstimmen' } });
		expect((await loadPublicDistrict(t.db.kysely, a.municipality.id, nord, title))?.plan).toBeNull();
		expect(await findPublicVersion(t.db.kysely, a.municipality.id, plan, 1)).toBeUndefined();
		expect(await listResolvedPlans(t.db.kysely, a.municipality.id)).toEqual([]);
		await resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: v1.id, input: { body: 'Rat der Stadt', date: '2026-03-12', referenceNumber: 'DS 1/2026', notes: 'intern: Änderungsantrag' } });

		// After the resolution the living plan moves on: progress, a new measure, a deleted one.
		const m = await findMeasure(t.db.kysely, a.municipality.id, cafe);
		await updateMeasureProgress({ ctx: a.ctx, measureId: cafe, input: { status: 'in-progress', doneMilestoneIds: m!.milestones.map((x) => x.id) } });
		await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Neu im Entwurf', goalIds: [goal] } });
		await deleteMeasure({ ctx: a.ctx, measureId: fest });

		const view = await loadPublicDistrict(t.db.kysely, a.municipality.id, nord, title);
		const p = view!.plan!;
		expect(p.version).toMatchObject({ number: 1, resolution: { body: 'Rat der Stadt', referenceNumber: 'DS 1/2026' } });
		const all = p.groups.flatMap((g) => g.measures);
		expect(all.map((x) => x.title).sort()).toEqual(['=Stadtteilfest', 'Sprachcafé']);
		expect(all.find((x) => x.id === cafe)).toMatchObject({ resolvedStatus: 'planned', currentStatus: 'in-progress', inWorkingPlan: true, milestonesDoneCount: 1, n: 1, lead: 'Jugendamt' });
		expect(all.find((x) => x.id === fest)).toMatchObject({ inWorkingPlan: false, currentStatus: 'planned' });
		expect(p.removedCount).toBe(1);
		expect(p.mapSvg).toContain('<svg');
		expect(p.mapSvg).toContain('Bibliothek; Eingang &quot;Nord&quot;');
		expect(await loadPublicDistrict(t.db.kysely, b.municipality.id, nord, title)).toBeUndefined();
		expect(await findPublicVersion(t.db.kysely, b.municipality.id, plan, 'resolved')).toBeUndefined();
		expect(await listResolvedPlans(t.db.kysely, a.municipality.id)).toMatchObject([{ planId: plan, versionNumber: 1, districtName: 'Nordstadt' }]);

		const version = (await findPublicVersion(t.db.kysely, a.municipality.id, plan, 'resolved'))!;
		const source: OpenDataSource = {
			municipality: { name: 'Stadt', ags: '01234567' },
			licence: 'dl-de-by-2.0',
			attribution: '',
			version,
			progress: withProgress(version.snapshot, await livingProgress(t.db.kysely, a.municipality.id, plan)),
			districtBoundary: { type: 'Polygon', coordinates: [[[13.3, 52.5], [13.4, 52.5], [13.4, 52.6], [13.3, 52.5]]] },
			pageUrl: 'https://example.org/p/x/districts/y',
			generatedAt: '2026-03-12T00:00:00Z'
		};
		const json = JSON.parse(planJson(source));
		expect(json).toMatchObject({ licence: { id: 'dl-de-by-2.0', attribution: 'Stadt' }, version: { number: 1, state: 'resolved', resolution: { body: 'Rat der Stadt' } } });
		expect(JSON.stringify(json)).not.toContain('intern:');
		expect(json.measures.find((x: { id: string }) => x.id === cafe)).toMatchObject({ costCents: 125050, resolvedStatus: 'planned', progress: { status: 'in-progress', milestonesDone: 1 } });
		expect(json.measures.map((x: { title: string }) => x.title)).not.toContain('Neu im Entwurf');

		const csv = measuresCsv(source);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n').filter(Boolean);
		expect(lines[0].split(';')).toEqual([...MEASURE_CSV_COLUMNS]);
		expect(lines).toHaveLength(3);
		expect(csv).toContain('"Bibliothek; Eingang ""Nord"""');
		expect(csv).toContain("'=Stadtteilfest");
		expect(csv).toContain('1250,50');
		expect(goalsCsv(source).slice(1).split('\r\n')[0].split(';')).toEqual([...GOAL_CSV_COLUMNS]);

		const geo = JSON.parse(measuresGeoJson(source));
		expect(geo.type).toBe('FeatureCollection');
		expect(geo.features.map((f: { geometry: { type: string } }) => f.geometry.type).sort()).toEqual(['Point', 'Polygon']);
		expect(geo.features.find((f: { id: string }) => f.id === cafe).geometry.coordinates).toEqual([13.38, 52.55]);

		expect(parseOpenDataFile('resolved.json', false)).toEqual({ which: 'resolved', format: 'json' });
		expect(parseOpenDataFile('resolved-goals.csv', false)).toEqual({ which: 'resolved', format: 'goals.csv' });
		expect(parseOpenDataFile('3.geojson', true)).toEqual({ which: 3, format: 'geojson' });
		expect(parseOpenDataFile('resolved-goals.json', false)).toBeNull();
		expect(parseOpenDataFile('0.json', true)).toBeNull();
		expect(parseOpenDataFile('../1.json', true)).toBeNull();
	});
});
