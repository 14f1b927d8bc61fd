import { expect, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';

test('start page is German by default, accessible, and switches to Arabic right-to-left', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen bei Quartier');
	await expectNoAxeViolations(page);

	await page.getByLabel('Sprache').selectOption('ar');
	await page.getByRole('button', { name: 'Sprache wechseln' }).click();
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
});

test('health check reports the database', async ({ request }) => {
	const res = await request.get('/healthz');
	expect(res.status()).toBe(200);
	expect(['sqlite', 'postgres']).toContain((await res.json()).database);
});
