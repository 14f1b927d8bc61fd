import { expect, test, type Page } from './support/test';
import { E2E_ADMIN } from '../playwright.config';
import { expectNoAxeViolations } from './support/axe';

async function fillLogin(page: Page, email: string, password: string) {
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

test('login with a wrong password shows a German error and keeps the e-mail, not the password', async ({ page }) => {
	await page.goto('/login');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anmelden');
	await expectNoAxeViolations(page);
	await fillLogin(page, E2E_ADMIN.email, 'definitely-not-the-password');
	await expect(page.getByText('E-Mail-Adresse oder Passwort ist falsch.')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(E2E_ADMIN.email);
	await expect(page.getByLabel('Passwort', { exact: true })).toHaveValue('');
	await expectNoAxeViolations(page);
});

test('login lands in the only municipality with a hardened session cookie; logout ends the session', async ({ page, context }) => {
	await page.goto('/login');
	await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
	await expect(page).toHaveURL(/\/m\/berlin\/districts$/);
	await expect(page.getByText('Angemeldet als Demo-Administration')).toBeVisible();
	const cookie = (await context.cookies()).find((c) => c.name === 'quartier_session');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
	expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 13 * 86_400);

	await page.goto('/logout');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Abmelden');
	await expectNoAxeViolations(page);
	await page.locator('header').getByRole('button', { name: 'Abmelden' }).click();
	await expect(page).toHaveURL(/\/login\?notice=loggedOut$/);
	await expect(page.getByText('Sie wurden abgemeldet.')).toBeVisible();
	// The old cookie value no longer opens anything.
	await context.addCookies([{ ...cookie!, expires: cookie!.expires }]);
	const res = await page.request.get('/m/berlin/admin', { maxRedirects: 0 });
	expect(res.status()).toBe(303);
	expect(res.headers()['location']).toBe('/login?next=%2Fm%2Fberlin%2Fadmin');
});

test('?next= leads back to a same-site page only', async ({ page }) => {
	await page.goto('/login?next=%2Faccount');
	await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
	await expect(page).toHaveURL(/\/account$/);
	await page.context().clearCookies();
	await page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
	await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
	await expect(page).toHaveURL(/\/m\/berlin\/districts$/);
});

test('a form posted without the CSRF token is refused with 403', async ({ page, baseURL }) => {
	await page.goto('/login');
	await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
	const res = await page.request.post('/account?/profile', { form: { name: 'Angreifer' }, headers: { origin: baseURL! }, maxRedirects: 0 });
	expect(res.status()).toBe(403);
	expect(await res.text()).toContain('Das Formular ist abgelaufen');
	await page.goto('/account');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Demo-Administration');
});

test('own account: change the name (accessible page), wrong current password is refused', async ({ page }) => {
	await page.goto('/login?next=%2Faccount');
	await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Konto');
	await expectNoAxeViolations(page);
	await page.getByLabel('Name', { exact: true }).fill('Demo-Administration');
	await page.getByRole('button', { name: 'Namen speichern' }).click();
	await expect(page.getByText('Ihr Name wurde gespeichert.')).toBeVisible();

	await page.getByLabel('Aktuelles Passwort').fill('not-the-current-password');
	await page.getByLabel('Neues Passwort', { exact: true }).fill('a brand new password 1');
	await page.getByLabel('Neues Passwort wiederholen').fill('a brand new password 1');
	await page.getByRole('button', { name: 'Passwort ändern' }).click();
	await expect(page.getByText('Das aktuelle Passwort ist falsch.')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('password reset: the same answer for any address; unknown links get a clear 404 page', async ({ page }) => {
	await page.goto('/reset-password');
	await expectNoAxeViolations(page);
	await page.getByLabel('E-Mail-Adresse').fill('nobody@example.org');
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	await expect(page.getByText('Falls zu dieser E-Mail-Adresse ein Konto besteht')).toBeVisible();

	const res = await page.goto('/reset-password/' + 'x'.repeat(43));
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link nicht verwendbar');
	await expectNoAxeViolations(page);

	const inv = await page.goto('/invite/' + 'y'.repeat(43));
	expect(inv?.status()).toBe(404);
	await expect(page.getByText('Diesen Einladungslink gibt es nicht.')).toBeVisible();
	await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('login, error message and logout work as plain forms', async ({ page }) => {
		await page.goto('/login');
		await fillLogin(page, E2E_ADMIN.email, 'still-not-the-password');
		await expect(page.getByText('E-Mail-Adresse oder Passwort ist falsch.')).toBeVisible();
		await fillLogin(page, E2E_ADMIN.email, E2E_ADMIN.password);
		await expect(page).toHaveURL(/\/m\/berlin\/districts$/);
		// (axe needs JavaScript in the page; the logout page is checked with JavaScript below.)
		await page.goto('/logout');
		await page.getByRole('main').getByRole('button', { name: 'Jetzt abmelden' }).click();
		await expect(page.getByText('Sie wurden abgemeldet.')).toBeVisible();
	});
});
