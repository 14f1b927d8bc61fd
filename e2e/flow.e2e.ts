import { expect, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';

/**
 * The foundation's main flow, as a coordinator and then as the responsible department would go through it:
 * log in, create a department (actor), a district, its plan, a goal and a measure led by the department;
 * invite a department user for that actor; the invitee sees the measure under "Meine Maßnahmen" with the
 * handbook's three questions. axe checks every page on the way.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const department = `Amt für Bildung ${stamp}`;
const districtName = `Flughafenkiez ${stamp}`;
const goalTitle = `Übergänge Kita–Schule verbessern ${stamp}`;
const measureTitle = `Elterncafé an der Grundschule ${stamp}`;
const invitee = { email: `bildung-${stamp}@example.org`, name: 'Herr Bildungsamt', password: 'bildungsamt-password-1234' };
let invitationLink = '';

test('coordinator creates department, district, plan, goal and measure', async ({ page }) => {
	await login(page);
	await expectNoAxeViolations(page);

	await page.goto('/m/berlin/actors/new');
	await expectNoAxeViolations(page);
	await page.getByLabel('Name', { exact: true }).fill(department);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Verwaltung / Fachamt' });
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText(department).first()).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/m/berlin/districts/new');
	await expectNoAxeViolations(page);
	await page.getByLabel('Name').fill(districtName);
	await page.getByLabel('Schlüssel').fill(`FK-${stamp}`);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: districtName })).toBeVisible();
	await expectNoAxeViolations(page);
	const districtPath = new URL(page.url()).pathname;

	await page.goto(`${districtPath}/plan`);
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Aktionsplan anlegen' }).click();
	await expect(page).toHaveURL(/\/m\/berlin\/plans\/[0-9a-f-]{36}$/);
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Ziel hinzufügen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Neues Ziel' })).toBeVisible();
	await page.getByLabel('Ziel', { exact: true }).fill(goalTitle);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
	await page.getByLabel('Priorität').selectOption({ label: 'hoch' });
	await page.getByLabel('Zeithorizont').fill('2028-07-31');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.locator('li', { hasText: goalTitle })).toBeVisible();

	await page.getByRole('link', { name: 'Maßnahme hinzufügen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Neue Maßnahme' })).toBeVisible();
	await page.getByLabel('Titel der Maßnahme').fill(measureTitle);
	await page.getByLabel('Beschreibung').first().fill('Wöchentliches Treffen mit Dolmetschung für Eltern der ersten Klassen.');
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
	await page.getByRole('checkbox', { name: new RegExp(goalTitle) }).check();
	await page.getByLabel('Federführung (verantwortliche Stelle)').selectOption({ label: department });
	await page.getByLabel('Beginn').fill('2026-09-01');
	await page.getByLabel('Ende').fill('2027-07-31');
	await page.getByLabel('Kosten in Euro').fill('4.800');
	await page.getByLabel('Meilenstein 1: Bezeichnung').fill('Raum und Dolmetschung geklärt');
	await page.getByLabel('Meilenstein 1: fällig am').fill('2026-08-15');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: measureTitle })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('admin invites a department user acting for the department', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/admin/users');
	await page.getByLabel('E-Mail-Adresse').fill(invitee.email);
	await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Fachamt' });
	await page.getByLabel('Handelt für Akteur (Fachamt, Träger …)').selectOption({ label: department });
	await page.getByRole('button', { name: 'Einladung erstellen' }).click();
	invitationLink = (await page.locator('#invitation-link').getAttribute('href')) ?? '';
	expect(invitationLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
	await expectNoAxeViolations(page);
});

test('the department user sees the measure under "Meine Maßnahmen" with the three questions', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(invitationLink);
	await expectNoAxeViolations(page);
	await page.getByLabel('Name', { exact: true }).fill(invitee.name);
	await page.getByLabel('Neues Passwort', { exact: true }).fill(invitee.password);
	await page.getByLabel('Neues Passwort wiederholen').fill(invitee.password);
	await page.getByRole('button', { name: 'Konto erstellen und anmelden' }).click();
	await expect(page.getByText(`Angemeldet als ${invitee.name}`)).toBeVisible();

	await page.goto('/m/berlin/my-measures');
	await expect(page.getByRole('heading', { level: 1, name: 'Meine Maßnahmen' })).toBeVisible();
	const card = page.locator('article, section, li').filter({ hasText: measureTitle }).first();
	await expect(card).toBeVisible();
	await expect(card).toContainText('Was ist zu tun?');
	await expect(card).toContainText('Was betrifft mich?');
	await expect(card).toContainText('Was ist das Ziel?');
	await expect(card).toContainText(`${department} hat die Federführung.`);
	await expect(card).toContainText(goalTitle);
	await expect(card).toContainText('Raum und Dolmetschung geklärt');
	await expectNoAxeViolations(page);

	// The department may report progress on its own measure but not create measures.
	await page.getByRole('link', { name: measureTitle }).first().click();
	await expect(page).toHaveURL(/\/measures\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1, name: measureTitle })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Maßnahme bearbeiten' })).toHaveCount(0);
	await expectNoAxeViolations(page);
	await context.close();
});
