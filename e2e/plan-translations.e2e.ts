import { readFile } from 'node:fs/promises';
import { expect, settle, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
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

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	const municipalityId = (await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
	const now = nowIso();
	const base = { municipality_id: municipalityId, created_at: now, updated_at: now };
	const district = newId();
	await k.insertInto('district').values({ ...base, id: district, name: `Übersetzungsquartier ${stamp}`, code: `UQ-${stamp}`, parent_id: null, boundary: null }).execute();
	const planId = newId();
	await k.insertInto('action_plan').values({ ...base, id: planId, district_id: district, title: `Aktionsplan Übersetzungsquartier ${stamp}`, reporting_rules: '', evaluation_rules: '', revision_rules: '' }).execute();
	const fieldId = (await k.selectFrom('action_field').select('id').where('municipality_id', '=', municipalityId).where('key', '=', 'education').executeTakeFirstOrThrow()).id;
	const goalId = newId();
	await k
		.insertInto('goal')
		.values({ ...base, id: goalId, action_plan_id: planId, parent_goal_id: null, action_field_id: fieldId, title: goalTitle, description: 'Familien werden begleitet.', priority: 1, time_horizon: null, operationalisation: '' })
		.execute();
	const measure = { ...base, action_plan_id: planId, action_field_id: fieldId, description: '', lead_actor_id: null, start_date: null, end_date: null, cost_cents: null, funding_source: '', spatial_scope: 'district', site_label: '', site_lat: null, site_lon: null, decidable_locally: 1, integrated: 0, starter_project: 0, status: 'planned' };
	for (const title of [measureTitle, untranslatedTitle]) {
		const id = newId();
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
