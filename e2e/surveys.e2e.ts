import { expect, settle, test } from './support/test';
import type { Browser, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';

/**
 * Surveys end to end: building a survey (JS off), answering it anonymously without JavaScript (minimum fill time,
 * conditional question, script in free text, consent), a translation into Arabic that is offered only when complete
 * (dir=rtl), results with disclosure control and the poster; then the kiosk with JavaScript going offline, reloaded
 * from its service worker's copy and back online: every answer stored exactly once.
 */
test.describe.configure({ mode: 'serial' });

let surveyPath = '';
let publicLink = '';
let kioskLink = '';

async function anonymousPage(browser: Browser, javaScriptEnabled: boolean, locale = 'de-DE'): Promise<Page> {
	const ctx = await browser.newContext({ javaScriptEnabled, locale, baseURL: test.info().project.use.baseURL });
	return ctx.newPage();
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('builds a survey with conditions and personal data, answers it anonymously, translates it into Arabic', async ({ page, browser }) => {
		test.setTimeout(120_000);
		await login(page);
		await page.goto('/m/berlin/surveys');
		await expect(page.getByRole('heading', { level: 1, name: 'Umfragen' })).toBeVisible();
		await page.getByRole('link', { name: 'Neue Umfrage' }).click();
		await page.getByLabel('Titel').fill('Leben in Neukölln');
		await page.getByLabel('Einleitung').fill('Wie leben Sie hier?');
		await page.getByRole('button', { name: 'Anlegen' }).click();
		await expect(page.getByText('Die Umfrage ist angelegt.')).toBeVisible();
		surveyPath = new URL(page.url()).pathname;

		const add = async (fill: { kind: string; text: string; options?: string; required?: boolean; personal?: string; condition?: string }) => {
			const form = page.locator('form.question-form');
			await form.getByLabel('Art der Frage').selectOption(fill.kind);
			await form.getByLabel('Fragetext').fill(fill.text);
			if (fill.options !== undefined) await form.getByLabel('Antwortmöglichkeiten (eine pro Zeile)').fill(fill.options);
			if (fill.required) await form.getByLabel('Pflichtfrage').check();
			if (fill.personal) {
				await form.getByLabel('Fragt nach persönlichen Daten').check();
				await form.getByLabel('Text der Einwilligung').fill(fill.personal);
			}
			if (fill.condition) await form.getByLabel('Nur zeigen, wenn').selectOption({ label: fill.condition });
			await form.getByRole('button', { name: 'Frage hinzufügen' }).click();
			await expect(page.getByText('Die Frage ist gespeichert.')).toBeVisible();
		};
		// A bad question first: a single choice needs two options; the form keeps what was typed.
		await page.locator('form.question-form').getByLabel('Fragetext').fill('Nur eine Antwort?');
		await page.locator('form.question-form').getByLabel('Antwortmöglichkeiten (eine pro Zeile)').fill('Ja');
		await page.locator('form.question-form').getByRole('button', { name: 'Frage hinzufügen' }).click();
		await expect(page.getByText('Bitte geben Sie mindestens zwei Antwortmöglichkeiten an')).toBeVisible();
		await expect(page.locator('form.question-form').getByLabel('Fragetext')).toHaveValue('Nur eine Antwort?');

		await add({ kind: 'single', text: 'Wohnen Sie gern hier?', options: 'Ja\nNein', required: true });
		await add({ kind: 'text', text: 'Was fehlt Ihnen?', condition: 'Frage 1: „Nein“' });
		await add({ kind: 'likert', text: 'Ich fühle mich im Kiez sicher.', options: '' });
		await add({ kind: 'text', text: 'Ihre E-Mail für Rückfragen', personal: 'Wir nutzen die Adresse nur für Rückfragen und löschen sie nach der Auswertung.' });
		await expect(page.getByText('nur wenn Frage 1 = „Nein“')).toBeVisible();
		await page.getByRole('button', { name: 'Umfrage öffnen' }).click();
		await expect(page.getByText('Status: Offen')).toBeVisible();
		publicLink = (await page.getByTestId('public-link').getAttribute('href'))!;
		kioskLink = (await page.getByTestId('kiosk-link').getAttribute('href'))!;
		expect(publicLink).toMatch(/\/s\/[A-Za-z0-9_-]{24}$/);

		// Poster with a server-rendered QR code.
		await page.getByRole('link', { name: 'Plakat mit QR-Code' }).first().click();
		await expect(page.locator('.qr svg[role="img"]')).toBeVisible();

		// A resident without account and without JavaScript.
		const resident = await anonymousPage(browser, false);
		await resident.goto(publicLink);
		await expect(resident.getByRole('heading', { level: 1, name: 'Leben in Neukölln' })).toBeVisible();
		await expect(resident.getByText('Nur beantworten, wenn Sie bei „Wohnen Sie gern hier?“ „Nein“ gewählt haben.')).toBeVisible();
		// Sent at once after the page loaded: too fast for a person; what was chosen stays.
		await resident.getByLabel('Ja', { exact: true }).check();
		await resident.getByRole('button', { name: 'Antworten absenden' }).click();
		await expect(resident.getByText('Das ging sehr schnell.')).toBeVisible();
		await expect(resident.getByLabel('Ja', { exact: true })).toBeChecked();
		const script = '<script>window.__pwned = 1</script> Ein Jugendtreff';
		await resident.getByLabel('Nein', { exact: true }).check();
		await resident.getByLabel('Was fehlt Ihnen?').fill(script);
		await resident.getByLabel('Ihre E-Mail für Rückfragen').fill('anna@example.org');
		// Personal data without consent: refused with a clear message, nothing typed is lost.
		await resident.waitForTimeout(3200);
		await resident.getByRole('button', { name: 'Antworten absenden' }).click();
		await expect(resident.getByText('Bitte stimmen Sie zu').first()).toBeVisible();
		await expect(resident.getByLabel('Ihre E-Mail für Rückfragen')).toHaveValue('anna@example.org');
		await expect(resident.getByLabel('Was fehlt Ihnen?')).toHaveValue(script);
		await resident.getByLabel('Wir nutzen die Adresse nur für Rückfragen').check();
		await resident.waitForTimeout(3200);
		await resident.getByRole('button', { name: 'Antworten absenden' }).click();
		await expect(resident.getByRole('heading', { name: 'Vielen Dank!' })).toBeVisible();

		// Arabic: a partial translation is saved but not offered; the missing texts are listed.
		await page.goto(`${surveyPath}/translations/ar`);
		await page.getByLabel('Titel').fill('الحياة في نويكولن');
		await page.getByLabel('Veröffentlichen, wenn vollständig').check();
		await page.getByRole('button', { name: 'Übersetzung speichern' }).click();
		await expect(page.getByTestId('missing')).toContainText('Frage 1: Fragetext');
		await resident.goto(`${publicLink}?lang=ar`);
		await expect(resident.locator('.public-survey')).toHaveAttribute('lang', 'de');
		// Complete it: every source text gets a translation.
		for (const field of await page.locator('form.translation textarea, form.translation input[type="text"], form.translation input:not([type])').all()) {
			if (!(await field.inputValue())) await field.fill('نص مترجم');
		}
		await page.getByLabel('Veröffentlichen, wenn vollständig').check();
		await page.getByRole('button', { name: 'Übersetzung speichern' }).click();
		await expect(page.getByText('Die Übersetzung ist gespeichert und veröffentlicht.')).toBeVisible();
		await resident.goto(`${publicLink}?lang=ar`);
		await expect(resident.locator('.public-survey')).toHaveAttribute('dir', 'rtl');
		await expect(resident.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(resident.getByRole('heading', { level: 1, name: 'الحياة في نويكولن' })).toBeVisible();
		await resident.context().close();

		// Results: one response, so every count is kept confidential.
		await page.goto(`${surveyPath}/results`);
		await expect(page.getByText('1 Antwort', { exact: true })).toBeVisible();
		await expect(page.getByTestId('answered-1')).toHaveText('.');
		await expect(page.locator('figure.chart svg').first()).toBeVisible();
		const csv = await page.request.get(`${surveyPath}/results/export?format=csv&what=raw`);
		expect(csv.status()).toBe(200);
		expect(await csv.text()).toContain('<script>window.__pwned = 1</script> Ein Jugendtreff');
	});
});

test('every survey page passes axe (with JavaScript: axe needs timers)', async ({ page, browser }) => {
	test.setTimeout(120_000);
	expect(surveyPath, 'the first test creates the survey').not.toBe('');
	await login(page);
	await page.goto(`${surveyPath}/results`);
	const textsHref = await page.getByRole('link', { name: 'Freitextantworten lesen' }).first().getAttribute('href');
	const questionHref = surveyPath + '/questions/' + textsHref!.split('/').pop();
	for (const url of ['/m/berlin/surveys', '/m/berlin/surveys/new', surveyPath, `${surveyPath}/poster`, `${surveyPath}/translations/ar`, `${surveyPath}/results`, textsHref!, questionHref]) {
		await page.goto(url);
		await expectNoAxeViolations(page);
	}
	// The free text is shown as text: the script is neither run nor turned into markup.
	await page.goto(textsHref!);
	await expect(page.locator('blockquote.answer').first()).toContainText('<script>window.__pwned = 1</script> Ein Jugendtreff');
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	const resident = await anonymousPage(browser, true);
	for (const url of [publicLink, `${publicLink}?lang=ar`, `${publicLink}/thanks`, kioskLink]) {
		await resident.goto(url);
		await expectNoAxeViolations(resident);
	}
	await resident.context().close();
});

test('kiosk: reloaded offline from the service worker, answers wait on the device and arrive exactly once when the network is back', async ({ page, context }, info) => {
	test.setTimeout(90_000);
	expect(kioskLink, 'the first test creates the survey').not.toBe('');
	const db = openProjectDb(info);
	try {
		const token = publicLink.split('/s/')[1];
		const survey = await db.kysely.selectFrom('survey').select('id').where('public_token', '=', token).executeTakeFirstOrThrow();
		const kioskRows = async () => (await db.kysely.selectFrom('survey_response').select('id').where('survey_id', '=', survey.id).where('channel', '=', 'kiosk').execute()).length;
		expect(await kioskRows()).toBe(0);

		await page.goto(kioskLink);
		await expect(page.getByTestId('kiosk-queue')).toHaveText('Alle Antworten sind übertragen.');
		// The kiosk's service worker controls this page only (scope /s/<token>/kiosk) and keeps it for offline use.
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		await page.locator('html[data-kiosk-offline="ready"]').waitFor({ state: 'attached' });
		await expect(page.getByText('Dieses Gerät kann den Kiosk auch ohne Verbindung neu laden.')).toBeVisible();
		await expectNoAxeViolations(page);
		const kept = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname + new URL(r.url).search);
			return { scope: new URL((await navigator.serviceWorker.getRegistration())!.scope).pathname, urls };
		});
		expect(kept.scope).toBe(`/s/${token}/kiosk`);
		expect(kept.urls.some((u) => u.startsWith(`/s/${token}/kiosk?key=`))).toBe(true);
		expect(kept.urls.some((u) => u.startsWith('/_app/immutable/'))).toBe(true);
		// Nothing of the internal app, the API or the login is kept.
		for (const u of kept.urls) expect(u).toMatch(new RegExp(`^(/_app/immutable/|/app\\.css$|/favicon\\.svg$|/s/${token}/kiosk\\?key=)`));

		// Offline, the tablet reloads the kiosk: it opens from the kept copy and says so.
		await context.setOffline(true);
		await page.reload();
		await expect(page.locator('html[data-kiosk-cache]')).toHaveCount(1);
		await expect(page.getByTestId('kiosk-cache')).toHaveText('Offline – Antworten werden gespeichert und später übertragen');
		for (const answer of ['Ja', 'Nein']) {
			await page.getByLabel(answer, { exact: true }).check();
			if (answer === 'Nein') await expect(page.getByLabel('Was fehlt Ihnen?')).toBeVisible();
			await page.getByRole('button', { name: 'Antworten absenden' }).click();
			await expect(page.getByText('Danke! Die Antwort ist gespeichert.')).toBeVisible();
		}
		await expect(page.getByTestId('kiosk-queue')).toHaveText('2 Antworten warten auf Übertragung.');
		expect(await kioskRows()).toBe(0);
		await context.setOffline(false);
		await expect(page.getByTestId('kiosk-queue')).toHaveText('Alle Antworten sind übertragen.', { timeout: 20_000 });
		await expect(page.getByTestId('kiosk-cache')).toHaveCount(0);
		expect(await kioskRows()).toBe(2);

		// A re-send of a stored answer is acknowledged (200) without a second row; a wrong kiosk key is refused.
		const stored = await db.kysely.selectFrom('survey_response').select('id').where('survey_id', '=', survey.id).where('channel', '=', 'kiosk').executeTakeFirstOrThrow();
		const key = new URL(kioskLink).searchParams.get('key')!;
		const again = await page.request.post(`/s/${token}/responses`, { headers: { 'x-kiosk-key': key }, data: { responseId: stored.id, language: 'de', fields: {} } });
		expect(again.status()).toBe(200);
		const wrong = await page.request.post(`/s/${token}/responses`, { headers: { 'x-kiosk-key': 'x'.repeat(key.length) }, data: { responseId: crypto.randomUUID(), fields: {} } });
		expect(wrong.status()).toBe(403);
		expect(await kioskRows()).toBe(2);
		await settle(page);
	} finally {
		await db.close();
	}
});
