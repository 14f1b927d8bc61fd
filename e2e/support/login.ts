import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { settle } from './test';

/** Logs in through the real login form. */
export async function login(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	// The login form is a plain post: the page it lands on is loaded afresh and must hydrate before the test goes on.
	await settle(page);
}

/** The CSRF token of the logged-in session, read from any page with a form. */
export async function csrfToken(page: Page): Promise<string> {
	const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
	if (!token) throw new Error('no CSRF token on the page');
	return token;
}
