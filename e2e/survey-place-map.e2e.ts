import { expect, test } from './support/test';
import type { Browser, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';

/**
 * A place question answered on a map, as a resident on a cheap phone does it: without JavaScript, a click on the
 * server-rendered map of the survey's district sends the form, which comes back with the place marked and every
 * other answer kept; sending stores the coordinate (raw export). With JavaScript the click sets the place without
 * a round trip. Results show the places per grid cell with disclosure control; the pages pass axe.
 */
test.describe.configure({ mode: 'serial' });

let surveyPath = '';
let publicLink = '';
let kioskLink = '';
let placeQuestion = '';
let chosen = { lat: '', lon: '' };

async function anonymousPage(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
	const ctx = await browser.newContext({ javaScriptEnabled, locale: 'de-DE', baseURL: test.info().project.use.baseURL });
	return ctx.newPage();
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a resident clicks the district map, sees the marker, keeps the other answers, and the place is stored', async ({ page, browser }) => {
		test.setTimeout(120_000);
		await login(page);
		await page.goto('/m/berlin/surveys/new');
		await page.getByLabel('Titel').fill('Treffpunkte in der Schillerpromenade');
		const district = page.getByLabel('Stadtteil');
		const value = await district.locator('option', { hasText: 'Schillerpromenade' }).first().getAttribute('value');
		await district.selectOption(value!);
		await page.getByRole('button', { name: 'Anlegen' }).click();
		await expect(page.getByText('Die Umfrage ist angelegt.')).toBeVisible();
		surveyPath = new URL(page.url()).pathname;

		const form = page.locator('form.question-form');
		await form.getByLabel('Art der Frage').selectOption('single');
		await form.getByLabel('Fragetext').fill('Wohnen Sie in der Schillerpromenade?');
		await form.getByLabel('Antwortmöglichkeiten (eine pro Zeile)').fill('Ja\nNein');
		await form.getByRole('button', { name: 'Frage hinzufügen' }).click();
		await expect(page.getByText('Die Frage ist gespeichert.')).toBeVisible();
		await form.getByLabel('Art der Frage').selectOption('place');
		await form.getByLabel('Fragetext').fill('Wo fehlt ein Treffpunkt?');
		await form.getByLabel('Antwortmöglichkeiten (eine pro Zeile)').fill('Herrfurthplatz\nTempelhofer Feld');
		await form.getByRole('button', { name: 'Frage hinzufügen' }).click();
		await expect(page.getByText('Die Frage ist gespeichert.')).toBeVisible();
		await expect(page.getByTestId('place-map-note')).toContainText('Ortsfragen zeigen eine Karte von Schillerpromenade');
		await page.getByRole('button', { name: 'Umfrage öffnen' }).click();
		await expect(page.getByText('Status: Offen')).toBeVisible();
		publicLink = (await page.getByTestId('public-link').getAttribute('href'))!;
		kioskLink = (await page.getByTestId('kiosk-link').getAttribute('href'))!;

		const resident = await anonymousPage(browser, false);
		await resident.goto(publicLink);
		await resident.getByLabel('Ja', { exact: true }).check();
		const map = resident.getByRole('button', { name: 'Karte von Schillerpromenade: klicken, um einen Ort zu wählen' });
		await expect(map).toBeVisible();
		await expect(resident.getByText('Tippen oder klicken Sie auf die Karte, um einen Ort zu wählen.')).toBeVisible();
		// The named places and the coordinate fields stay for keyboard and screen-reader users.
		await expect(resident.getByLabel('Ort auswählen')).toBeVisible();
		placeQuestion = (await map.getAttribute('name'))!.replace(/^m_/, '');
		expect(await map.getAttribute('src')).not.toContain('lat=');

		// The click sends the form: it comes back at the question, the place set, the other answer kept, nothing stored.
		await resident.getByLabel('Ort auswählen').selectOption({ label: 'Tempelhofer Feld' });
		await map.click({ position: { x: 150, y: 110 } });
		await expect(resident).toHaveURL(new RegExp(`#q-${placeQuestion}$`));
		await expect(resident.getByRole('status').filter({ hasText: 'Ort gewählt – Sie können ihn durch erneutes Klicken ändern.' })).toBeVisible();
		await expect(resident.getByLabel('Ja', { exact: true })).toBeChecked();
		// The click is the newer choice: the named place is cleared.
		await expect(resident.getByLabel('Ort auswählen')).toHaveValue('');
		const lat = resident.getByLabel('Breitengrad (z. B. 52,4812)');
		const lon = resident.getByLabel('Längengrad (z. B. 13,4345)');
		await expect(lat).toHaveValue(/^52\.4\d{5}$/);
		await expect(lon).toHaveValue(/^13\.4\d{5}$/);
		const first = { lat: await lat.inputValue(), lon: await lon.inputValue() };

		// A second click elsewhere moves the place.
		await resident.getByRole('button', { name: 'Karte von Schillerpromenade: klicken, um einen Ort zu wählen' }).click({ position: { x: 120, y: 140 } });
		await expect(resident.getByRole('status').filter({ hasText: 'Ort gewählt' })).toBeVisible();
		chosen = { lat: await lat.inputValue(), lon: await lon.inputValue() };
		expect(chosen).not.toEqual(first);
		expect(Number(chosen.lat)).toBeLessThan(Number(first.lat));
		expect(Number(chosen.lon)).toBeLessThan(Number(first.lon));
		// The map now carries the marker, drawn by the server.
		const src = (await resident.getByRole('button', { name: /^Karte von Schillerpromenade/ }).getAttribute('src'))!;
		expect(src).toContain(`lat=${chosen.lat}`);
		const svg = await resident.request.get(src);
		expect(svg.headers()['content-type']).toContain('image/svg+xml');
		const body = await svg.text();
		expect(body).toContain('<title id="place-map-title">Karte von Schillerpromenade</title>');
		expect(body).toMatch(/<circle cx="120(\.\d)?" cy="140(\.\d)?" r="9"/);

		await resident.waitForTimeout(3200);
		await resident.getByRole('button', { name: 'Antworten absenden' }).click();
		await expect(resident.getByRole('heading', { name: 'Vielen Dank!' })).toBeVisible();
		await resident.context().close();

		// The kiosk without JavaScript: the same click on the same map gives the same place, then the next person.
		const tablet = await anonymousPage(browser, false);
		await tablet.goto(kioskLink);
		await tablet.getByLabel('Nein', { exact: true }).check();
		await tablet.getByRole('button', { name: /^Karte von Schillerpromenade/ }).click({ position: { x: 120, y: 140 } });
		await expect(tablet.getByRole('status').filter({ hasText: 'Ort gewählt' })).toBeVisible();
		await expect(tablet.getByLabel('Nein', { exact: true })).toBeChecked();
		await expect(tablet.getByLabel('Breitengrad (z. B. 52,4812)')).toHaveValue(chosen.lat);
		await tablet.getByRole('button', { name: 'Antworten absenden' }).click();
		await expect(tablet.getByText('Danke! Die Antwort ist gespeichert.')).toBeVisible();
		await expect(tablet.getByLabel('Breitengrad (z. B. 52,4812)')).toHaveValue('');
		await tablet.context().close();

		// Stored once each, as latitude and longitude (raw export for the coordination).
		const csv = await (await page.request.get(`${surveyPath}/results/export?format=csv&what=raw`)).text();
		expect(csv).toContain('2. Breitengrad;2. Längengrad');
		expect(csv.split(`${chosen.lat.replace('.', ',')};${chosen.lon.replace('.', ',')}`)).toHaveLength(3);
		await page.goto(`${surveyPath}/results`);
		await expect(page.getByText('2 Antworten', { exact: true })).toBeVisible();
		// Two places: too few to show, on the map or in the table.
		await expect(page.getByText('Kein Rasterfeld hat genug Angaben, um es auszuweisen.')).toBeVisible();
	});
});

test('with JavaScript the map sets the place without a round trip; results show places per grid cell; axe passes', async ({ page, browser }) => {
	test.setTimeout(120_000);
	expect(kioskLink, 'the first test creates the survey').not.toBe('');
	const token = publicLink.split('/s/')[1];
	const key = new URL(kioskLink, 'http://x').searchParams.get('key')!;
	// Five more answers at the same place, from the kiosk's upload endpoint; one far away is refused.
	for (let i = 0; i < 5; i++) {
		const r = await page.request.post(`/s/${token}/responses`, {
			headers: { 'x-kiosk-key': key },
			data: { responseId: crypto.randomUUID(), language: 'de', fields: { [`q_${placeQuestion}_lat`]: chosen.lat, [`q_${placeQuestion}_lon`]: chosen.lon } }
		});
		expect(r.status()).toBe(201);
	}
	const far = await page.request.post(`/s/${token}/responses`, {
		headers: { 'x-kiosk-key': key },
		data: { responseId: crypto.randomUUID(), language: 'de', fields: { [`q_${placeQuestion}_lat`]: '48.137000', [`q_${placeQuestion}_lon`]: '11.575000' } }
	});
	expect(far.status()).toBe(422);
	expect((await far.json()).errors).toEqual({ [`q_${placeQuestion}`]: ['error.survey.placeOutsideMap'] });

	await login(page);
	await page.goto(`${surveyPath}/results`);
	await expect(page.getByText('7 Antworten', { exact: true })).toBeVisible();
	const figure = page.getByTestId('place-map-2');
	await expect(figure.getByRole('img', { name: 'Orte auf der Karte: Wo fehlt ein Treffpunkt?' })).toBeVisible();
	const cells = page.getByRole('table', { name: 'Orte je Rasterfeld' });
	await expect(cells.locator('tbody tr')).toHaveCount(1);
	await expect(cells.locator('tbody td')).toHaveText('7');
	await expectNoAxeViolations(page);

	const resident = await anonymousPage(browser, true);
	await resident.goto(publicLink);
	const map = resident.getByRole('button', { name: 'Karte von Schillerpromenade: klicken, um einen Ort zu wählen' });
	const before = resident.url();
	await map.click({ position: { x: 60, y: 80 } });
	await expect(resident.getByRole('status').filter({ hasText: 'Ort gewählt' })).toBeVisible();
	await expect(resident.getByLabel('Breitengrad (z. B. 52,4812)')).toHaveValue(/^52\.4\d{5}$/);
	expect(resident.url()).toBe(before);
	await expect(resident.locator('.map-pin')).toBeVisible();
	await expectNoAxeViolations(resident);
	await resident.goto(kioskLink);
	await expect(resident.getByRole('button', { name: /^Karte von Schillerpromenade/ })).toBeVisible();
	await expectNoAxeViolations(resident);
	await resident.context().close();
});
