import { expect, test } from './support/test';
import { csrfToken, login } from './support/login';

/** Oversized bodies are refused with 413 and a clear message, and nothing is written. */
test('a form upload over the body limit answers 413 with a German message', async ({ page, baseURL }) => {
	await login(page);
	await page.goto('/m/berlin/districts/new');
	const csrf = await csrfToken(page);
	const big = Buffer.alloc(3 * 1024 * 1024, 'a');
	const res = await page.request.post('/m/berlin/districts/new', {
		multipart: { _csrf: csrf, name: 'Zu groß', code: 'ZG-1', boundaryFile: { name: 'grenze.geojson', mimeType: 'application/geo+json', buffer: big } },
		headers: { origin: baseURL! }
	});
	expect(res.status()).toBe(413);
	expect(await res.text()).toContain('Die Datei oder Eingabe ist zu groß.');
	await page.goto('/m/berlin/districts');
	await expect(page.getByText('Zu groß')).toHaveCount(0);
});
