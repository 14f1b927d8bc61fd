import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';

const grid = readFileSync('src/lib/server/statistics/import/fixtures/zensus-gitter-100m.csv');
const gridAreas = readFileSync('src/lib/server/statistics/import/fixtures/zensus-bezirke-3035.geojson');
/** A small synthetic register extract (fictitious persons). */
const register = readFileSync('e2e/support/register-extract.csv');

test.describe.configure({ mode: 'serial' });

test('Zensus grid: boundaries, upload, job, result with counts and suppressed cells; re-aggregation reuses the assignment', async ({ page }) => {
	test.setTimeout(90_000);
	await login(page);
	// Areas that the synthetic grid lies in (EPSG:3035), imported as level "other".
	await page.goto('/m/berlin/statistics/areas/import');
	await page.getByLabel('Datei mit Gebietsgrenzen').setInputFiles({ name: 'zensus-gebiete.geojson', mimeType: 'application/geo+json', buffer: gridAreas });
	await page.getByLabel('Raumebene').selectOption('other');
	await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Vorschau der Gebietsgrenzen' })).toBeVisible();
	await page.getByRole('button', { name: 'Gebiete übernehmen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Statistische Gebiete' })).toBeVisible();

	for (const round of [1, 2]) {
		await page.goto('/m/berlin/statistics/grid');
		await expect(page.getByRole('heading', { level: 1, name: 'Zensus-Gitter importieren' })).toBeVisible();
		if (round === 1) await expectNoAxeViolations(page);
		await page.getByLabel('Gitterdatei (CSV)').setInputFiles({ name: 'zensus-gitter-100m.csv', mimeType: 'text/csv', buffer: grid });
		await page.getByLabel('Zielgebiete').selectOption('level:other');
		await page.getByLabel('Zeitraum').fill('2022');
		await expect(page.getByLabel('Spalte 1: Indikator')).toHaveValue('population');
		await expect(page.getByLabel('Spalte 2: Indikator')).toHaveValue('foreigners_share');
		await page.getByRole('button', { name: 'Hochladen und zusammenfassen' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis des Gitter-Imports' })).toBeVisible();
		await expect(async () => {
			await page.reload();
			await expect(page.getByTestId('grid-status')).toHaveText('Importiert', { timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		await expect(page.getByTestId('grid-cells')).toHaveText('375');
		await expect(page.getByRole('table', { name: 'Geheimgehaltene Zellen' })).toBeVisible();
		await expect(page.getByRole('table', { name: 'Importierte Werte je Gebiet' })).toBeVisible();
		if (round === 2) await expect(page.getByText(/gespeicherte Zuordnung wiederverwendet \(\d[\d.]* Zellen, 0 neu berechnet\)/)).toBeVisible();
		await expectNoAxeViolations(page);
	}
});

test('register extract: mapping form, privacy statement, aggregated result only', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/register');
	await expect(page.getByRole('heading', { level: 1, name: 'Migrationshintergrund aus dem Melderegister' })).toBeVisible();
	await expect(page.getByText('Die Datei wird nur im Arbeitsspeicher ausgewertet und nicht gespeichert')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Registerauszug').setInputFiles({ name: 'melderegister.csv', mimeType: 'text/csv', buffer: register });
	await page.getByLabel('Zeitraum').fill('2024');
	await expect(page.getByLabel('Gebietsschlüssel')).toHaveValue('Gebiet');
	await page.getByRole('button', { name: 'Auswerten und Zahlen speichern' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis der Registerauswertung' })).toBeVisible();
	await expect(page.getByTestId('register-persons')).toHaveText('9');
	await expect(page.getByTestId('register-areas')).toHaveText('2');
	await expect(page.getByRole('listitem').filter({ hasText: /^ZZ$/ })).toBeVisible();
	// Small counts are suppressed on display (minimum 3): the table shows the secret sign, never a person id.
	await expect(page.getByRole('table', { name: 'Importierte Werte je Gebiet' })).toBeVisible();
	await expect(page.locator('body')).not.toContainText('E2E-P0');
	await expectNoAxeViolations(page);
});

test('register extract: a missing column is reported at its field, nothing stored', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/register');
	await page.getByLabel('Registerauszug').setInputFiles({ name: 'melderegister.csv', mimeType: 'text/csv', buffer: register });
	await page.getByLabel('Zeitraum').fill('2024');
	await page.getByLabel('Gebietsschlüssel').fill('Bezirk');
	await page.getByRole('button', { name: 'Auswerten und Zahlen speichern' }).click();
	await expect(page.getByText('Diese Spalte gibt es in der Datei nicht.')).toBeVisible();
	await expectNoAxeViolations(page);
});
