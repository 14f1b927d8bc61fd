import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { expect, settle, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { csrfToken, login } from './support/login';
import { transformer } from '$lib/server/statistics/import/crs';

const grid = readFileSync('src/lib/server/statistics/import/fixtures/zensus-gitter-100m.csv');
const gridAreas = readFileSync('src/lib/server/statistics/import/fixtures/zensus-bezirke-3035.geojson');
/** A small synthetic register extract (fictitious persons). */
const register = readFileSync('e2e/support/register-extract.csv');

test.describe.configure({ mode: 'serial' });

/** The fixture with many more (uninhabited-area) cells far outside the areas: over the 2 MB body limit of the tests, so it is sent in chunks. */
const padding = Array.from({ length: 60_000 }, (_, i) => `CRS3035RES100mN2${String(i).padStart(6, '0')}E3000000;3000050;2${String(i).padStart(6, '0')};5;10,0;40,0;`).join('\r\n');
const bigGrid = Buffer.concat([grid, Buffer.from(padding + '\r\n', 'latin1')]);

/** The fixture split as the Zensus 2022 publication ships it: population apart from the shares and means. */
function split(bytes: Buffer): { population: Buffer; values: Buffer } {
	const rows = bytes.toString('latin1').split(/\r?\n/).filter(Boolean).map((l) => l.split(';'));
	const pick = (cols: number[]) => Buffer.from(rows.map((r) => cols.map((c) => r[c] ?? '').join(';')).join('\r\n') + '\r\n', 'latin1');
	return { population: pick([0, 1, 2, 3]), values: pick([0, 1, 2, 4, 5, 6]) };
}

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
		// With JavaScript the file goes in chunks; the second file is larger than the body limit of the test server (2 MB).
		await page.getByLabel('Gitterdatei (CSV oder ZIP)').setInputFiles({ name: 'zensus-gitter-100m.csv', mimeType: 'text/csv', buffer: round === 1 ? grid : bigGrid });
		await page.getByLabel('Zielgebiete').selectOption('level:other');
		await page.getByLabel('Zeitraum').fill('2022');
		await expect(page.getByLabel('Spalte 1: Indikator')).toHaveValue('population');
		await expect(page.getByLabel('Spalte 2: Indikator')).toHaveValue('foreigners_share');
		await page.getByRole('button', { name: 'Hochladen und zusammenfassen' }).click();
		// The chunks are sent first, then the form: allow for the upload.
		await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis des Gitter-Imports' })).toBeVisible({ timeout: 30_000 });
		await expect(async () => {
			await page.reload();
			await expect(page.getByTestId('grid-status')).toHaveText('Importiert', { timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		await expect(page.getByTestId('grid-cells')).toHaveText(round === 1 ? '375' : '60.375');
		await expect(page.getByTestId('grid-weights')).toHaveText('Einwohner aus der Gitterdatei');
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

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('Zensus grid to districts: ZIP as published with a separate population file, figures in the district profile; shares without population are refused', async ({ page }) => {
		test.setTimeout(180_000);
		await login(page);
		// Two districts with the boundaries of the synthetic grid's areas (given in WGS84, as the district form takes them).
		const toWgs84 = transformer('EPSG:3035', 'EPSG:4326');
		const features = JSON.parse(gridAreas.toString('utf8')).features.slice(0, 2) as { properties: { id: string; name: string }; geometry: { type: 'Polygon'; coordinates: [number, number][][] } }[];
		const districtIds: string[] = [];
		for (const f of features) {
			await page.goto('/m/berlin/districts/new');
			await page.getByLabel('Name', { exact: true }).fill(`Gitter ${f.properties.name}`);
			await page.getByLabel('Schlüssel').fill(`GZ-${f.properties.id}`);
			const geometry = { type: 'Polygon', coordinates: f.geometry.coordinates.map((ring) => ring.map((p) => toWgs84(p))) };
			await page.getByLabel('Grenze als GeoJSON').fill(JSON.stringify(geometry));
			await page.getByRole('button', { name: 'Anlegen' }).click();
			await page.waitForURL(/\/districts\/[0-9a-f-]{36}/);
			districtIds.push(/\/districts\/([0-9a-f-]{36})/.exec(page.url())![1]);
		}

		const parts = split(grid);
		const valuesZip = Buffer.from(zipSync({ 'Zensus2022_Anteil_Auslaender_100m-Gitter.csv': new Uint8Array(parts.values), 'Datensatzbeschreibung.txt': new TextEncoder().encode('Zensus 2022') }));
		const start = async (withPopulation: boolean) => {
			await page.goto('/m/berlin/statistics/grid');
			await page.getByLabel('Gitterdatei (CSV oder ZIP)').setInputFiles({ name: 'Zensus2022_Anteil_Auslaender_100m-Gitter.zip', mimeType: 'application/zip', buffer: valuesZip });
			if (withPopulation) await page.getByLabel(/Bevölkerungsdatei/).setInputFiles({ name: 'Zensus2022_Bevoelkerungszahl_100m-Gitter.csv', mimeType: 'text/csv', buffer: parts.population });
			await page.getByLabel('Zielgebiete').selectOption('districts');
			await page.getByLabel('Zeitraum').fill('2022');
			// The value file has no Einwohner column: only the share is imported.
			await page.getByLabel('Spalte 1: Indikator').selectOption('');
			await expect(page.getByLabel('Spalte 2: Indikator')).toHaveValue('foreigners_share');
			await page.getByLabel('Spalte 3: Indikator').selectOption('');
			await page.getByRole('button', { name: 'Hochladen und zusammenfassen' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis des Gitter-Imports' })).toBeVisible();
			await expect(async () => {
				await page.reload();
				await expect(page.getByTestId('grid-status')).not.toHaveText(/Wartet|Läuft/, { timeout: 1000 });
			}).toPass({ timeout: 60_000 });
		};

		await start(false);
		await expect(page.getByTestId('grid-status')).toHaveText('Fehlgeschlagen');
		await expect(page.getByRole('alert')).toContainText('Anteile und Durchschnitte (AnteilAuslaender) werden mit der Einwohnerzahl jeder Zelle gewichtet');
		await expect(page.getByRole('alert')).toContainText('Es wurde nichts gespeichert.');

		await start(true);
		await expect(page.getByTestId('grid-status'), await page.locator('main').innerText()).toHaveText('Importiert');
		await expect(page.getByTestId('grid-weights')).toContainText('Einwohner aus der Bevölkerungsdatei');
		await expect(page.getByText(/im Quartiersprofil sichtbar/)).toBeVisible();

		for (const id of districtIds) {
			await page.goto(`/m/berlin/statistics/profile/${id}?period=2022`);
			const row = page.getByRole('row').filter({ hasText: 'Anteil Ausländer/-innen' });
			await expect(row).toBeVisible();
			// Columns: unit, district, city, …
			await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d+,\d/);
		}
		// (axe needs JavaScript in the page; the JavaScript test above checks these pages' accessibility.)
	});
});

test('grid upload endpoint: CSRF token required, unknown upload 404; the district profile with grid figures is accessible', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/grid');
	const csrf = await csrfToken(page);
	const endpoint = '/m/berlin/statistics/grid/upload';
	expect((await page.request.post(endpoint, { data: { fileName: 'a.csv', size: 10 } })).status()).toBe(403);
	expect((await page.request.post(endpoint, { data: { fileName: 'a.csv', size: 10 * 1024 * 1024 * 1024 }, headers: { 'x-csrf-token': csrf } })).status()).toBe(413);
	const created = await page.request.post(endpoint, { data: { fileName: 'a.csv', size: 4 }, headers: { 'x-csrf-token': csrf } });
	expect(created.status()).toBe(201);
	const { id } = (await created.json()) as { id: string };
	expect((await page.request.put(`${endpoint}?id=${id}&offset=2`, { data: Buffer.from('ab'), headers: { 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' } })).status()).toBe(409);
	expect((await page.request.put(`${endpoint}?id=00000000-0000-4000-8000-000000000000&offset=0`, { data: Buffer.from('ab'), headers: { 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' } })).status()).toBe(404);
	expect((await page.request.delete(`${endpoint}?id=${id}`, { headers: { 'x-csrf-token': csrf } })).status()).toBe(204);
	expect((await page.request.get(`${endpoint}?id=${id}`)).status()).toBe(404);
	// The district profile with the grid figures (from the test without JavaScript above) is accessible.
	await page.goto('/m/berlin/statistics/profile');
	await page.getByLabel('Stadtteil').selectOption({ label: 'Gitter Am Markt (GZ-A)' });
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 1, name: /Gitter Am Markt/ })).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'Anteil Ausländer/-innen' })).toBeVisible();
	await expectNoAxeViolations(page);
});
