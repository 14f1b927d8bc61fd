import { readFile } from 'node:fs/promises';
import { expect, settle, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin } from './support/foreign-tenant';
import { systemPrincipal } from '$lib/server/core/actor';
import { getPortalSettings } from '$lib/server/portal/portal.repository';
import { updatePortalSettings } from '$lib/server/portal/update-portal-settings';
import { inspectPdf } from '../src/lib/server/plan-document/pdf-inspect';

/**
 * Plan content: the introduction in its three parts (origin, function, scope), the plan's content languages and
 * translating a goal and a measure into English and Arabic side by side; the English PDF uses the translations
 * and marks the German rest. The plan is inserted directly (its own district), so other tests' plans stay as they are.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const goalTitle = `Übergänge Kita–Schule verbessern ${stamp}`;
const measureTitle = `Elterncafé an der Grundschule ${stamp}`;
const untranslatedTitle = `Lernpatenschaften ${stamp}`;
let db: Db;
let planUrl: string;
let planId: string;
let goalId: string;
let districtId: string;
const measureIds: string[] = [];

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	const municipalityId = (await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
	const now = nowIso();
	const base = { municipality_id: municipalityId, created_at: now, updated_at: now };
	const district = newId();
	districtId = district;
	await k.insertInto('district').values({ ...base, id: district, name: `Übersetzungsquartier ${stamp}`, code: `UQ-${stamp}`, parent_id: null, boundary: null }).execute();
	planId = newId();
	await k.insertInto('action_plan').values({ ...base, id: planId, district_id: district, title: `Aktionsplan Übersetzungsquartier ${stamp}`, reporting_rules: '', evaluation_rules: '', revision_rules: '' }).execute();
	const fieldId = (await k.selectFrom('action_field').select('id').where('municipality_id', '=', municipalityId).where('key', '=', 'education').executeTakeFirstOrThrow()).id;
	goalId = newId();
	await k
		.insertInto('goal')
		.values({ ...base, id: goalId, action_plan_id: planId, parent_goal_id: null, action_field_id: fieldId, title: goalTitle, description: 'Familien werden begleitet.', priority: 1, time_horizon: null, operationalisation: '' })
		.execute();
	const measure = { ...base, action_plan_id: planId, action_field_id: fieldId, description: '', lead_actor_id: null, start_date: null, end_date: null, cost_cents: null, funding_source: '', spatial_scope: 'district', site_label: '', site_lat: null, site_lon: null, decidable_locally: 1, integrated: 0, starter_project: 0, status: 'planned' };
	for (const title of [measureTitle, untranslatedTitle]) {
		const id = newId();
		measureIds.push(id);
		await k.insertInto('measure').values({ ...measure, id, title }).execute();
		await k.insertInto('measure_goal').values({ municipality_id: municipalityId, measure_id: id, goal_id: goalId }).execute();
	}
	planUrl = `/m/berlin/plans/${planId}`;
});
test.afterAll(async () => db?.close());

test('the introduction in three parts, translated side by side into English and Arabic, and the English PDF', async ({ page }) => {
	await login(page);

	// the introduction's three parts, with the handbook's words as help
	await page.goto(`${planUrl}/edit`);
	await expect(page.getByText('Entstehung, die Funktion und den Geltungsbereich')).toBeVisible();
	await page.getByLabel('Entstehung des Aktionsplans').fill('Aus der Bestandsaufnahme 2025 und zwei Stadtteilforen entstanden.');
	await page.getByLabel('Funktion des Aktionsplans').fill('Der Plan bündelt die Maßnahmen des Stadtteils.');
	await page.getByLabel('Geltungsbereich').fill('Das Übersetzungsquartier, 2026 bis 2029.');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await settle(page);
	await expect(page).toHaveURL(new RegExp(`${planUrl}$`));
	for (const h of ['Entstehung des Aktionsplans', 'Funktion des Aktionsplans', 'Geltungsbereich']) await expect(page.getByRole('heading', { level: 3, name: h })).toBeVisible();
	await expect(page.getByText('Das Übersetzungsquartier, 2026 bis 2029.')).toBeVisible();

	// content languages
	await page.getByRole('link', { name: 'Übersetzungen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Übersetzungen des Aktionsplans');
	await expect(page.getByText('Der Plan hat noch keine Inhaltssprache.')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('checkbox', { name: 'English' }).check();
	await page.getByRole('checkbox', { name: 'العربية' }).check();
	await page.getByRole('button', { name: 'Inhaltssprachen speichern' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Inhaltssprachen wurden gespeichert.');

	// English: German left, translation right; the goal and one measure translated
	await expect(page.getByRole('heading', { level: 2, name: 'Übersetzung: English' })).toBeVisible();
	const goalField = page.getByLabel(new RegExp(`Ziel: Titel – ${goalTitle}`));
	await expect(goalField).toHaveAttribute('lang', 'en');
	await goalField.fill(`Improve transitions from day care to school ${stamp}`);
	await page.getByLabel(new RegExp(`Maßnahme: Titel – ${measureTitle}`)).fill(`Parents’ café at the primary school ${stamp}`);
	await page.getByLabel(/Einleitung: Geltungsbereich/).fill('The translation district, 2026 to 2029.');
	await page.getByRole('button', { name: 'Übersetzungen speichern' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Übersetzungen wurden gespeichert.');
	await expect(page.getByLabel(new RegExp(`Ziel: Titel – ${goalTitle}`))).toHaveValue(`Improve transitions from day care to school ${stamp}`);
	await expect(page.getByText(/^3 von \d+ Texten übersetzt, 0 veraltet/)).toBeVisible();
	await expectNoAxeViolations(page);

	// Arabic, right to left
	await page.getByRole('navigation', { name: 'Sprache zum Übersetzen' }).getByRole('link', { name: 'العربية' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 2, name: 'Übersetzung: العربية' })).toBeVisible();
	const arGoal = page.getByLabel(new RegExp(`Ziel: Titel – ${goalTitle}`));
	await expect(arGoal).toHaveAttribute('dir', 'rtl');
	await expect(arGoal).toHaveAttribute('lang', 'ar');
	await arGoal.fill('تحسين الانتقال من الحضانة إلى المدرسة');
	await page.getByRole('button', { name: 'Übersetzungen speichern' }).click();
	await settle(page);
	await expect(page.getByLabel(new RegExp(`Ziel: Titel – ${goalTitle}`))).toHaveValue('تحسين الانتقال من الحضانة إلى المدرسة');
	await expectNoAxeViolations(page);

	// a translation longer than allowed is refused with a German message, nothing saved
	await page.getByLabel(new RegExp(`Maßnahme: Titel – ${measureTitle}`)).fill('x'.repeat(401));
	await page.getByRole('button', { name: 'Übersetzungen speichern' }).click();
	await settle(page);
	await expect(page.getByRole('alert')).toContainText('Bitte korrigieren Sie die markierten Felder.');
	await expect(page.getByLabel(new RegExp(`Maßnahme: Titel – ${measureTitle}`))).toHaveAttribute('aria-invalid', 'true');

	// the English PDF: translated texts, the German rest marked
	await page.goto(planUrl);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /English/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/-en\.pdf$/);
	const pdf = await inspectPdf(await readFile((await download.path())!));
	const squash = (s: string) => s.replace(/\s+/g, '');
	const text = squash(pdf.text);
	expect(text).toContain(squash(`Parents’ café at the primary school ${stamp}`));
	expect(text).toContain(squash(`Improve transitions from day care to school ${stamp}`));
	expect(text).toContain(squash('The translation district, 2026 to 2029.'));
	expect(text).toContain(squash(untranslatedTitle));
	expect(text).toContain(squash('(only in German)'));
	expect(pdf.outline).toEqual(expect.arrayContaining(['Introduction', 'Origin', 'Function of the action plan', 'Scope']));
});

test('API: content languages, the texts of a language beside the German ones, saving one item; errors and another municipality', async ({ request }) => {
	const local = await createLocalAdmin(db, 'berlin');
	const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json', 'accept-language': 'de' };
	const api = `/api/v1/plans/${planId}`;

	expect(await (await request.get(`${api}/content-languages`, { headers })).json()).toEqual({ languages: ['en', 'ar'] });
	const overview = await (await request.get(`${api}/translations`, { headers })).json();
	expect(overview.contentLanguages).toEqual(['en', 'ar']);
	expect(overview.languages.map((l: { language: string; current: number }) => [l.language, l.current])).toEqual([
		['en', 3],
		['ar', 1]
	]);

	const en = await (await request.get(`${api}/translations?language=en`, { headers })).json();
	expect(en.items.find((i: { kind: string; entityId: string; field: string }) => i.kind === 'goal' && i.entityId === goalId && i.field === 'title')).toMatchObject({
		source: goalTitle,
		text: `Improve transitions from day care to school ${stamp}`,
		state: 'current'
	});
	const missing = en.items.find((i: { entityId: string; field: string }) => i.entityId === measureIds[1] && i.field === 'title');
	expect(missing).toMatchObject({ source: untranslatedTitle, text: '', state: 'missing' });

	// a language the plan does not have: 422 with a German message
	const notEnabled = await request.get(`${api}/translations?language=tr`, { headers });
	expect(notEnabled.status()).toBe(422);
	expect((await notEnabled.json()).errors.language).toEqual(['Diese Sprache ist keine Inhaltssprache des Plans.']);

	// another municipality's goal among the items: the item's error, nothing written
	const foreign = await createForeignTenant(db);
	const before = await db.kysely.selectFrom('plan_translation').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const bad = await request.put(`${api}/translations`, {
		headers,
		data: {
			language: 'en',
			items: [
				{ kind: 'measure', entityId: measureIds[1], field: 'title', text: 'Learning mentorships' },
				{ kind: 'goal', entityId: foreign.ids.goalId, field: 'title', text: 'Foreign' }
			]
		}
	});
	expect(bad.status()).toBe(422);
	expect(bad.headers()['content-type']).toContain('application/problem+json');
	expect((await bad.json()).errors[`tr:goal:${foreign.ids.goalId}:title`]).toEqual(['Der gewählte Eintrag existiert nicht.']);
	expect(await db.kysely.selectFrom('plan_translation').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
	expect((await request.put(`${api}/translations`, { headers, data: { language: 'en', items: [{ kind: 'measure', entityId: measureIds[1], field: 'title', text: 'x'.repeat(401) }] } })).status()).toBe(422);

	// saved: the one item changes, the others stay
	const saved = await request.put(`${api}/translations`, { headers, data: { language: 'en', items: [{ kind: 'measure', entityId: measureIds[1], field: 'title', text: 'Learning mentorships' }] } });
	expect(saved.status()).toBe(200);
	const after = await saved.json();
	expect(after).toMatchObject({ saved: 1, removed: 0, language: 'en', current: 4 });
	expect(after.items.find((i: { entityId: string; field: string }) => i.entityId === measureIds[1] && i.field === 'title')).toMatchObject({ text: 'Learning mentorships', state: 'current' });

	// content languages: German is the source, not a content language; the plan of another municipality is not there
	const german = await request.put(`${api}/content-languages`, { headers, data: { languages: ['de'] } });
	expect(german.status()).toBe(422);
	expect((await request.get(`/api/v1/plans/${foreign.ids.planId}/translations`, { headers })).status()).toBe(404);
	expect((await request.put(`/api/v1/plans/${foreign.ids.planId}/content-languages`, { headers, data: { languages: ['en'] } })).status()).toBe(404);
	expect(await (await request.put(`${api}/content-languages`, { headers, data: { languages: ['ar', 'en'] } })).json()).toEqual({ languages: ['en', 'ar'] });
});

test('portal of the resolved plan: translated texts in the page language, the German rest marked one by one; Arabic passes axe', async ({ page, request }) => {
	const local = await createLocalAdmin(db, 'berlin');
	const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
	// the portal offers English and Arabic (other tests may offer more; nothing is taken away)
	const ctx = { db, principal: systemPrincipal(local.municipalityId) };
	const settings = await getPortalSettings(db.kysely, local.municipalityId);
	await updatePortalSettings({
		ctx,
		input: {
			...settings,
			languages: [...new Set([...settings.languages, 'en', 'ar'])],
			// what the statement needs (BITV 2.0 § 7), where the demo has not filled it in yet
			a11yPreparedOn: settings.a11yPreparedOn ?? '2026-05-01',
			feedbackEmail: settings.feedbackEmail || 'integration@berlin.example',
			a11yNonAccessible: settings.a11yNonAccessible || 'Ältere PDF-Dokumente sind nicht barrierefrei.',
			a11yEnforcementBody: settings.a11yEnforcementBody || 'Schlichtungsstelle nach § 16 BGG'
		}
	});
	const submitted = await request.post(`/api/v1/plans/${planId}/versions`, { headers, data: {} });
	expect(submitted.status()).toBe(201);
	const version = await submitted.json();
	const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
	expect((await request.post(`/api/v1/plans/${planId}/versions/${version.id}/resolve`, { headers, data: { body: 'Rat der Stadt', referenceNumber: `DS ${stamp}`, date: today } })).status()).toBe(200);

	// English: everything with a title is translated; the origin and function of the introduction are German and say so
	await page.goto(`/p/berlin/districts/${districtId}?lang=en`);
	await expect(page.getByRole('heading', { level: 4, name: `Parents’ café at the primary school ${stamp}` })).toBeVisible();
	await expect(page.getByRole('heading', { level: 4, name: 'Learning mentorships' })).toBeVisible();
	// the translated goal title, also where a measure names its goals, is not marked German (language of parts)
	const goalTexts = page.getByText(`Improve transitions from day care to school ${stamp}`);
	await expect(goalTexts).toHaveCount(3);
	for (const el of await goalTexts.all()) await expect(el).not.toHaveAttribute('lang', 'de');
	await expect(page.locator('[lang="de"]', { hasText: `Improve transitions from day care to school ${stamp}` })).toHaveCount(0);
	await expect(page.getByText('(only in German)')).toHaveCount(2);
	await expect(page.getByText('Aus der Bestandsaufnahme 2025 und zwei Stadtteilforen entstanden.')).toHaveAttribute('lang', 'de');
	await expect(page.getByText('The translation district, 2026 to 2029.')).toBeVisible();

	// Arabic: the goal is translated, both measures are German and marked
	await page.goto(`/p/berlin/districts/${districtId}?lang=ar`);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByText('تحسين الانتقال من الحضانة إلى المدرسة')).toHaveCount(3);
	await expect(page.locator('[lang="de"]', { hasText: 'تحسين الانتقال من الحضانة إلى المدرسة' })).toHaveCount(0);
	const measure = page.getByRole('heading', { level: 4, name: new RegExp(measureTitle) });
	await expect(measure).toContainText('(بالألمانية فقط)');
	await expect(measure.getByText(measureTitle)).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 4, name: new RegExp(untranslatedTitle) })).toContainText('(بالألمانية فقط)');
	// the page chrome: the log-in link in Arabic, no empty main navigation for visitors
	await expect(page.getByRole('link', { name: 'تسجيل الدخول' })).toBeVisible();
	await expect(page.getByRole('banner').getByRole('navigation')).toHaveCount(0);
	await expectNoAxeViolations(page);

	// German: nothing to mark
	await page.goto(`/p/berlin/districts/${districtId}`);
	await expect(page.getByRole('heading', { level: 4, name: measureTitle })).toBeVisible();
	await expect(page.getByText('(nur auf Deutsch)')).toHaveCount(0);
});
