import { expect, test, settle } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant } from './support/foreign-tenant';

/**
 * Residents raise a need themselves through the public online form (no login, no JavaScript): errors keep what
 * was typed, a double submission stores one need, the confirmation says what happens next, and the need stays off
 * the public page until staff accept it (or is never shown when rejected as spam). Axe on the form (German,
 * Arabic RTL, with errors), the confirmation and the staff review.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const districtName = `Meldeviertel ${stamp}`;
const wish = `Ein Treffpunkt für Jugendliche am Abend <script>alert(1)</script> ${stamp}`;
const spam = `Billige Uhren kaufen ${stamp}`;
const publicTitle = `Jugendtreff am Abend ${stamp}`;
let db: Db;
let districtId: string;
let municipalityId: string;
let priorLanguages: string | null = null;

const needsWith = async (statement: string) =>
	db.kysely.selectFrom('need').select(['id', 'review_state', 'channel', 'language', 'raised_by', 'raised_by_text', 'consent_recorded', 'title']).where('statement', '=', statement).execute();

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	const m = await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
	municipalityId = m.id;
	const now = nowIso();
	districtId = newId();
	await k.insertInto('district').values({ municipality_id: m.id, created_at: now, updated_at: now, id: districtId, name: districtName, code: `MV-${stamp}`, parent_id: null, boundary: null }).execute();
	// The portal offers all five public languages for this test; restored afterwards.
	const prior = await k.selectFrom('portal_settings').select('languages').where('municipality_id', '=', m.id).executeTakeFirst();
	priorLanguages = prior?.languages ?? null;
	const all = JSON.stringify(['de', 'de-x-ls', 'en', 'tr', 'ar']);
	if (prior) await k.updateTable('portal_settings').set({ languages: all }).where('municipality_id', '=', m.id).execute();
	else await k.insertInto('portal_settings').values({ municipality_id: m.id, languages: all, updated_at: now } as never).execute();
});
test.afterAll(async () => {
	if (priorLanguages !== null) await db.kysely.updateTable('portal_settings').set({ languages: priorLanguages }).where('municipality_id', '=', municipalityId).execute();
	else await db.kysely.deleteFrom('portal_settings').where('municipality_id', '=', municipalityId).execute();
	await db?.close();
});

test('a resident sends a need without JavaScript; it waits for review and is not public yet', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	try {
		await page.goto(`/p/berlin/districts/${districtId}/needs?lang=de`);
		await page.getByRole('link', { name: 'Einen Bedarf melden' }).click();
		await expect(page.getByRole('heading', { level: 1, name: `Einen Bedarf im Stadtteil ${districtName} melden` })).toBeVisible();
		await expect(page.getByLabel('In welcher Sprache schreiben Sie?')).toHaveValue('de');

		// Sent at once: refused as too fast, with a German message, nothing typed is lost, nothing stored.
		await page.getByLabel('Was wird gebraucht?').fill(wish);
		await page.getByLabel(/^Für wen\?/).selectOption({ label: 'Jugendliche' });
		await page.getByLabel(/^Ort/).fill('Marktplatz');
		await page.getByLabel('In welcher Sprache schreiben Sie?').selectOption('tr');
		await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('anna@example.org');
		await page.getByRole('button', { name: 'Bedarf absenden' }).click();
		await expect(page.getByRole('alert')).toContainText('Das ging sehr schnell.');
		await expect(page.getByLabel('Was wird gebraucht?')).toHaveValue(wish);
		expect(await needsWith(wish)).toHaveLength(0);

		// An address without the consent box is refused; without the address the need is anonymous.
		await page.waitForTimeout(3200);
		await page.getByRole('button', { name: 'Bedarf absenden' }).click();
		await expect(page.getByText('Wir speichern Ihre E-Mail-Adresse nur mit Ihrem Einverständnis.')).toBeVisible();
		await expect(page.getByRole('textbox', { name: 'E-Mail-Adresse' })).toHaveValue('anna@example.org');
		expect(await needsWith(wish)).toHaveLength(0);
		await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('');
		await page.getByRole('button', { name: 'Bedarf absenden' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Vielen Dank!' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'So geht es weiter' })).toBeVisible();
		const stored = await needsWith(wish);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ review_state: 'pending', channel: 'online-form', language: 'tr', raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 });

		// Not public yet; the confirmation links to the public page.
		await page.getByRole('link', { name: `Zu den Bedarfen im Stadtteil ${districtName}` }).click();
		await expect(page.getByRole('heading', { level: 1, name: `Bedarfe im Stadtteil ${districtName}` })).toBeVisible();
		await expect(page.getByText('Für diesen Stadtteil sind noch keine Bedarfe veröffentlicht.')).toBeVisible();
		expect(await page.content()).not.toContain('Treffpunkt');

		// The same form sent twice (a double click, a resent page) stores one need.
		await page.goto(`/p/berlin/districts/${districtId}/needs/new`);
		const hidden = async (name: string) => (await page.locator(`input[name="${name}"]`).getAttribute('value')) ?? '';
		const form = { _started: await hidden('_started'), formKey: await hidden('formKey'), website: '', text: spam, language: 'de', actionFieldId: '', targetGroup: '', placeLabel: '', email: '' };
		await page.waitForTimeout(3200);
		const url = `/p/berlin/districts/${districtId}/needs/new`;
		const [first, second] = await Promise.all([page.request.post(url, { form, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 }), page.request.post(url, { form, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 })]);
		expect([first.status(), second.status()]).toEqual([303, 303]);
		expect(await needsWith(spam)).toHaveLength(1);
		// A bot filling the invisible field is thanked and nothing is stored; a foreign or unknown district is a 404.
		const bot = await page.request.post(url, { form: { ...form, formKey: crypto.randomUUID(), website: 'http://spam.example', text: `Bot ${stamp}` }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
		expect(bot.status()).toBe(303);
		expect(await needsWith(`Bot ${stamp}`)).toHaveLength(0);
		const other = await createForeignTenant(db);
		for (const path of [`/p/berlin/districts/${other.ids.districtId}/needs/new`, `/p/berlin/districts/${newId()}/needs/new`, `/p/berlin/districts/${other.ids.districtId}/needs/new/sent`, `/p/gibt-es-nicht/districts/${districtId}/needs/new`]) {
			expect((await page.request.get(path)).status(), path).toBe(404);
		}
		const foreignPost = await page.request.post(`/p/berlin/districts/${other.ids.districtId}/needs/new`, { form: { ...form, formKey: crypto.randomUUID(), text: `Fremd ${stamp}` }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
		expect(foreignPost.status()).toBe(404);
		expect(await needsWith(`Fremd ${stamp}`)).toHaveLength(0);
	} finally {
		await context.close();
	}
});

test('the form, its errors and the confirmation pass axe, in German and in Arabic (right to left)', async ({ browser, baseURL }) => {
	// The portal pages ship no script; JavaScript stays on in this browser only for axe.
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	try {
		await page.goto(`/p/berlin/districts/${districtId}/needs/new?lang=de`);
		await expect(page.locator('script')).toHaveCount(0);
		await expectNoAxeViolations(page);
		await page.getByLabel('Was wird gebraucht?').fill('x'.repeat(10));
		await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('kein@beispiel');
		await page.getByRole('button', { name: 'Bedarf absenden' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectNoAxeViolations(page);

		await page.goto(`/p/berlin/districts/${districtId}/needs/new?lang=ar`);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(page.getByRole('heading', { level: 1, name: `الإبلاغ عن احتياج في حي ${districtName}` })).toBeVisible();
		await expect(page.getByLabel('بأي لغة تكتب؟')).toHaveValue('ar');
		await expectNoAxeViolations(page);
		await page.getByLabel('ما الذي تحتاجونه؟').fill(`نحتاج إلى مكان للقاء ${stamp}`);
		await page.getByRole('textbox', { name: 'البريد الإلكتروني' }).fill('sara@example.org');
		await page.getByRole('checkbox').check();
		await page.waitForTimeout(3200);
		await page.getByRole('button', { name: 'إرسال الاحتياج' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'شكراً جزيلاً!' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expectNoAxeViolations(page);
		expect(await needsWith(`نحتاج إلى مكان للقاء ${stamp}`)).toMatchObject([{ review_state: 'pending', language: 'ar', raised_by: 'person', raised_by_text: 'sara@example.org', consent_recorded: 1 }]);

		for (const [lang, heading] of [
			['tr', `${districtName} semtinde bir ihtiyaç bildirin`],
			['de-x-ls', `Das brauchen wir im Stadtteil ${districtName}`],
			['en', `Report a need in the district ${districtName}`]
		]) {
			await page.goto(`/p/berlin/districts/${districtId}/needs/new?lang=${lang}`);
			await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		}
	} finally {
		await context.close();
	}
});

test('staff see the new submissions, accept one (now public) and reject spam (never public)', async ({ page, browser, baseURL }) => {
	await login(page);
	await page.goto('/m/berlin/needs');
	await expect(page.getByText(/Bedarfe sind online neu eingegangen und warten auf Prüfung/)).toBeVisible();
	await page.getByRole('link', { name: 'Neu eingegangene Bedarfe prüfen' }).click();
	await expect(page).toHaveURL(/review=pending/);
	await expect(page.getByLabel('Prüfung')).toHaveValue('pending');
	await expectNoAxeViolations(page);
	const row = page.getByRole('row').filter({ hasText: wish });
	await expect(row).toContainText('neu eingegangen – zu prüfen');
	await expect(row).toContainText('Online-Formular');
	await row.getByRole('link').click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 3, name: 'Online eingegangen – bitte prüfen' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Stand: neu eingegangen – zu prüfen' })).toBeVisible();
	// The markup is text, never run.
	await expect(page.getByText(wish).first()).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByLabel('Öffentliche Zusammenfassung').fill('');
	await page.getByRole('button', { name: 'Annehmen und veröffentlichen' }).click();
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.').first()).toBeVisible();
	await page.getByLabel('Öffentliche Zusammenfassung').fill(publicTitle);
	await page.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: 'Soziale Infrastruktur, Generationen und Zusammenleben' });
	await page.getByRole('button', { name: 'Annehmen und veröffentlichen' }).click();
	await expect(page.getByText('Der Bedarf ist angenommen und jetzt öffentlich sichtbar.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: publicTitle })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Stand: offen' })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Verlauf des Bedarfs' })).toContainText('online eingegangen');

	// Spam is rejected: its text is deleted and it never appears publicly.
	const [spamNeed] = await needsWith(spam);
	await page.goto(`/m/berlin/needs/${spamNeed.id}`);
	await page.getByLabel('Grund').selectOption({ label: 'Spam oder Werbung' });
	await page.getByRole('button', { name: 'Ablehnen und Text löschen' }).click();
	await expect(page.getByText('Der Eingang ist abgelehnt; sein Text ist gelöscht.')).toBeVisible();
	expect(await needsWith(spam)).toHaveLength(0);
	expect((await db.kysely.selectFrom('need').select(['review_state', 'title']).where('id', '=', spamNeed.id).executeTakeFirstOrThrow())).toEqual({ review_state: 'rejected', title: '' });
	await expectNoAxeViolations(page);

	// The public page now shows the accepted need (without JavaScript), and neither the resident's text nor the spam.
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const resident = await context.newPage();
	try {
		await resident.goto(`/p/berlin/districts/${districtId}/needs?lang=de`);
		const article = resident.locator('article').filter({ has: resident.getByRole('heading', { name: publicTitle }) });
		await expect(article).toContainText('offen – wird noch geprüft');
		const html = await resident.content();
		expect(html).not.toContain(spam);
		expect(html).not.toContain('Marktplatz');
		expect(html).not.toContain('<script>alert(1)</script>');
	} finally {
		await context.close();
	}
});
