import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';

/** Gap analysis: the matrix of fields of action × needs, offers, goals and measures, filters, drill-down, export. */
test('the gap matrix filters by GET parameters, drills down into a field and downloads as CSV', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/districts');
	await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Bedarfe und Angebote' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bedarfe und Angebote');
	const matrix = page.getByRole('table', { name: 'Handlungsfelder: Bedarfe, Angebote, Ziele und Maßnahmen' });
	await expect(matrix.getByRole('columnheader', { name: 'offen ohne Angebot' })).toBeVisible();
	await expect(matrix.getByRole('row', { name: /^Summe/ })).toBeVisible();
	await expectNoAxeViolations(page);

	const district = page.getByLabel('Stadtteil');
	const firstDistrict = await district.locator('option').nth(1).getAttribute('value');
	await district.selectOption(firstDistrict!);
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await expect(page).toHaveURL(new RegExp(`district=${firstDistrict}`));

	const firstField = matrix.getByRole('rowheader').first().getByRole('link');
	const fieldName = (await firstField.textContent())!.trim();
	await firstField.click();
	await expect(page.getByRole('heading', { name: `Im Einzelnen: ${fieldName}` })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`district=${firstDistrict}.*field=`));
	await expectNoAxeViolations(page);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als CSV herunterladen' }).click()]);
	expect(download.suggestedFilename()).toBe('bedarfe-und-angebote.csv');
	const csv = (await readFile((await download.path())!)).toString('utf8');
	expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Handlungsfeld;Bedarfe;davon offen;offen ohne Angebot;Angebote;Ziele;Maßnahmen;Befund');
	expect(csv).toContain(fieldName);

	// A district, group or field that does not exist here is not silently ignored.
	for (const q of ['district=00000000-0000-4000-8000-000000000000', 'group=aliens', 'field=00000000-0000-4000-8000-000000000000']) {
		expect((await page.request.get(`/m/berlin/gaps?${q}`)).status()).toBe(404);
	}
});
