import { expect, test, type Page } from './support/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectNoAxeViolations } from './support/axe';

async function loginAs(page: Page, email: string, password: string, next = '') {
	await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const invitee = { email: `fachamt-${stamp}@example.org`, name: 'Frau Fachamt', password: 'fachamt-password-1234' };
let invitationLink = '';

test('the administration pages are accessible', async ({ page }) => {
	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/m/berlin/admin');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verwaltung');
	await expectNoAxeViolations(page);
	for (const [path, heading] of [
		['/m/berlin/admin/users', 'Personen und Rollen'],
		['/m/berlin/admin/api-tokens', 'API-Tokens'],
		['/m/berlin/admin/audit', 'Änderungsprotokoll'],
		['/admin/municipalities', 'Kommunen'],
		['/admin/users', 'Konten']
	]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 }), path).toHaveText(heading);
		await expectNoAxeViolations(page);
	}
	await page.goto('/m/berlin/admin/users');
	await page.getByRole('link', { name: 'Demo-Administration' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo-Administration');
	await expectNoAxeViolations(page);
});

test('an admin invites a department user; without SMTP the link is shown', async ({ page }) => {
	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/m/berlin/admin/users');
	await page.getByLabel('E-Mail-Adresse').fill(invitee.email);
	await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Fachamt' });
	await page.getByRole('button', { name: 'Einladung erstellen' }).click();
	await expect(page.getByText(`Die Einladung für ${invitee.email} ist erstellt.`)).toBeVisible();
	invitationLink = (await page.locator('#invitation-link').getAttribute('href')) ?? '';
	expect(invitationLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
	await expect(page.getByRole('table', { name: 'Einladungen, die noch nicht angenommen wurden' })).toContainText(invitee.email);
	await expectNoAxeViolations(page);

	// Inviting someone for a role they already hold is explained next to the field.
	await page.getByLabel('E-Mail-Adresse').fill(E2E_ADMIN.email);
	await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Administration' });
	await page.getByRole('button', { name: 'Einladung erstellen' }).click();
	await expect(page.getByText('Diese Person hat diese Rolle in der Kommune bereits.')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('the invitee accepts, lands logged in, has no administration; the link works only once', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(invitationLink);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Einladung annehmen');
	await expect(page.getByText('in der Rolle „Fachamt“')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name', { exact: true }).fill(invitee.name);
	await page.getByLabel('Neues Passwort', { exact: true }).fill('too short');
	await page.getByLabel('Neues Passwort wiederholen').fill('too short');
	await page.getByRole('button', { name: 'Konto erstellen und anmelden' }).click();
	await expect(page.getByText('Das Passwort muss mindestens 12 Zeichen haben.')).toBeVisible();
	await page.getByLabel('Neues Passwort', { exact: true }).fill(invitee.password);
	await page.getByLabel('Neues Passwort wiederholen').fill(invitee.password);
	await page.getByRole('button', { name: 'Konto erstellen und anmelden' }).click();
	await expect(page).toHaveURL(/\/m\/berlin\/districts$/);
	await expect(page.getByText(`Angemeldet als ${invitee.name}`)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Verwaltung' })).toHaveCount(0);
	const admin = await page.request.get('/m/berlin/admin/users');
	expect(admin.status()).toBe(403);

	const again = await page.goto(invitationLink);
	expect(again?.status()).toBe(410);
	await expect(page.getByText('Diese Einladung wurde bereits angenommen.')).toBeVisible();
	await context.close();
});

test('the admin sees the new member, changes the role, and cannot remove the last admin', async ({ page }) => {
	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/m/berlin/admin/users');
	await page.getByRole('link', { name: invitee.name }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(invitee.name);
	await page.getByLabel('Rolle', { exact: true }).first().selectOption({ label: 'Partner / Träger' });
	await page.getByRole('button', { name: 'Änderungen speichern' }).click();
	await expect(page.getByText('Die Rolle wurde geändert.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 3 })).toHaveText('Partner / Träger');

	await page.goto('/m/berlin/admin/users');
	await page.getByRole('link', { name: 'Demo-Administration' }).click();
	await page.getByRole('button', { name: 'Rolle „Administration“ entziehen' }).click();
	await expect(page.getByText('Die letzte Administration der Kommune kann nicht entfernt werden.')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('an API token is shown once, works against /api/v1, and stops working when revoked', async ({ page, request }) => {
	const anonymous = await request.get('/api/v1/me');
	expect(anonymous.status()).toBe(401);
	expect(anonymous.headers()['content-type']).toContain('application/problem+json');

	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/m/berlin/admin/api-tokens');
	await page.getByLabel('Bezeichnung').fill('E2E-Skript');
	await page.getByRole('button', { name: 'Token erzeugen' }).click();
	await expect(page.getByText('Das Token „E2E-Skript“ wurde erzeugt.')).toBeVisible();
	const token = await page.getByLabel('Neues API-Token').inputValue();
	expect(token).toMatch(/^qrt_/);
	await expectNoAxeViolations(page);

	const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
	expect(me.status()).toBe(200);
	const body = await me.json();
	expect(body.municipality.slug).toBe('berlin');
	expect(body.user.email).toBe(E2E_ADMIN.email);
	expect(body.grants.map((g: { role: string }) => g.role)).toContain('admin');

	const doc = await (await request.get('/api/v1/openapi.json')).json();
	expect(doc.paths['/me'].get.responses).toHaveProperty('401');

	// A fresh GET (a reload would post the form again): the token is listed but never shown again.
	await page.goto('/m/berlin/admin/api-tokens');
	await expect(page.getByRole('row', { name: /E2E-Skript/ })).toHaveCount(1);
	await expect(page.getByLabel('Neues API-Token')).toHaveCount(0);
	await page.getByRole('button', { name: 'Token „E2E-Skript“ widerrufen' }).click();
	await expect(page.getByText('Das Token wurde widerrufen')).toBeVisible();
	const revoked = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
	expect(revoked.status()).toBe(401);
	expect(revoked.headers()['content-type']).toContain('application/problem+json');
});

test('the audit log lists the changes newest first and filters by kind', async ({ page }) => {
	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/m/berlin/admin/audit');
	const table = page.getByRole('table');
	await expect(table).toContainText('API-Token: widerrufen');
	await expect(table).toContainText('Rolle: geändert');
	await page.getByLabel('Art des Eintrags').selectOption({ label: 'Einladung' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page).toHaveURL(/entity=invitation/);
	await expect(table.locator('tbody tr').first()).toContainText('Einladung: eingeladen');
	await expect(table).not.toContainText('API-Token');
	await expectNoAxeViolations(page);
});

test('a superadmin creates a municipality with its first admin invitation', async ({ page }) => {
	await loginAs(page, E2E_ADMIN.email, E2E_ADMIN.password, '/admin/municipalities');
	const slug = `e2e-${stamp}`;
	await page.getByLabel('Name', { exact: true }).fill(`E2E-Stadt ${stamp}`);
	await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill(String(Date.now()).slice(-8));
	await page.getByLabel('Kurzbezeichnung für die Adresse').fill(slug);
	await page.getByLabel('E-Mail-Adresse der ersten Administration').fill(`erste-${stamp}@example.org`);
	await page.getByRole('button', { name: 'Kommune anlegen und einladen' }).click();
	await expect(page.getByText(`Die Kommune E2E-Stadt ${stamp} wurde angelegt.`)).toBeVisible();
	await expect(page.locator('#invitation-link')).toHaveAttribute('href', /\/invite\//);
	await expect(page.getByRole('table')).toContainText(`/m/${slug}`);
	await expectNoAxeViolations(page);

	// Someone who is not a superadmin gets 403 here.
	await page.context().clearCookies();
	await loginAs(page, invitee.email, invitee.password);
	const res = await page.request.get('/admin/municipalities');
	expect(res.status()).toBe(403);
});
