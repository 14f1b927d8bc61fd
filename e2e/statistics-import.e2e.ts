import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createLocalAdmin } from './support/foreign-tenant';

/**
 * Statistics as the demo admin: boundaries of real Berlin planning areas (LOR 2021, Neukölln; dl-de/by-2-0),
 * a German CSV (Windows-1252, `;`, decimal comma, thousands points) with real figures (Amt für Statistik
 * Berlin-Brandenburg, CC BY 4.0) through the import wizard, a re-import, bad files, the catalogue, composing a
 * district, and the API.
 */
test.describe.configure({ mode: 'serial' });

const boundaries = readFileSync('src/lib/server/districts/demo/neukoelln-plr-2021.geo.json');
const rows: [string, string, number, number][] = [
	['08100101', 'Hasenheide', 4626, 1790],
	['08100102', 'Schillerpromenade Nord', 8181, 2985],
	['08100103', 'Schillerpromenade Süd', 7205, 2367],
	['08100104', 'Wartheplatz', 6699, 2584],
	['08109999', 'Nirgendwo', 1000, 100]
];
const de = (n: number, digits = 0) => n.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const csvText =
	'Planungsraum;Name;Jahr;Einwohner;Ausländer/-innen;Anteil Ausländer %\r\n' +
	rows.map(([code, name, pop, f]) => `${code};${name};2024;${de(pop)};${de(f)};${de((f / pop) * 100, 1)}`).join('\r\n') +
	'\r\n';
const csv = Buffer.from(csvText, 'latin1');

async function upload(page: Page, name: string, buffer: Buffer, mimeType = 'text/csv') {
	await page.goto('/m/berlin/statistics/import');
	await page.getByLabel('Tabellendatei').setInputFiles({ name, mimeType, buffer });
	await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
}

async function runWizard(page: Page) {
	await upload(page, 'neukoelln-2024.csv', csv);
	await expect(page.getByRole('heading', { level: 1, name: 'Vorschau der Tabelle' })).toBeVisible();
	await expect(page.getByText('Windows-1252 / Latin-1 (ANSI)')).toBeVisible();
	await expect(page.getByText('Semikolon (;)')).toBeVisible();
	await expect(page.getByText(/deutsch: Dezimalkomma/)).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Schillerpromenade Süd' })).toBeVisible();
	const preview = page.url();
	await page.getByRole('link', { name: 'Weiter: Spalten zuordnen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Spalten zuordnen' })).toBeVisible();
	// Proposed from the header: area code, year, population; the share comes from numerator and denominator.
	await expect(page.getByLabel('Spalte mit dem Gebiet')).toHaveValue('0');
	await expect(page.getByLabel('Spalte mit dem Zeitraum')).toHaveValue('2');
	await expect(page.getByLabel('Spalte mit dem Wert von Einwohner/-innen')).toHaveValue('3');
	await page.getByLabel('Spalte mit dem Wert von Anteil Ausländer/-innen').selectOption('');
	await page.getByLabel('Spalte mit dem Zähler von Anteil Ausländer/-innen').selectOption('4');
	await page.getByLabel('Spalte mit dem Nenner von Anteil Ausländer/-innen').selectOption('3');
	await page.getByRole('button', { name: 'Weiter: Prüfbericht' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Prüfbericht' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Ein Gebiet wurde nicht gefunden' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: '08109999' })).toBeVisible();
	return preview;
}

test('imports the boundaries of statistical areas with a preview and geometry report', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/areas/import');
	await expect(page.getByRole('heading', { level: 1, name: 'Gebietsgrenzen importieren' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Datei mit Gebietsgrenzen').setInputFiles({ name: 'lor.geojson', mimeType: 'application/geo+json', buffer: boundaries });
	await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Vorschau der Gebietsgrenzen' })).toBeVisible();
	await expect(page.getByText('9 in der Datei, davon 9 fehlerfrei')).toBeVisible();
	await expect(page.getByLabel('Eigenschaft mit dem Schlüssel')).toHaveValue('PLR_ID');
	await expect(page.getByLabel('Eigenschaft mit dem Namen')).toHaveValue('PLR_NAME');
	await expect(page.getByRole('cell', { name: 'Schillerpromenade Nord' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Gebiete übernehmen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Statistische Gebiete' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText(/9 neu|0 neu, 9 aktualisiert/);
	await expect(page.getByRole('rowheader', { name: '08100102' })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('a broken boundary file is reported, not imported', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/areas/import');
	await page.getByLabel('Datei mit Gebietsgrenzen').setInputFiles({ name: 'kaputt.geojson', mimeType: 'application/json', buffer: Buffer.from('{"type": "Feature"') });
	await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
	await expect(page.getByText('Die Datei ist kein gültiges GeoJSON.')).toBeVisible();
});

test('imports a German CSV through the wizard: preview, mapping, report with an unmatched area, confirm, counts', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/import');
	await expect(page.getByRole('heading', { level: 1, name: 'Statistik importieren' })).toBeVisible();
	await expectNoAxeViolations(page);
	const preview = await runWizard(page);
	await expectNoAxeViolations(page);
	// Confirming without deciding about the unmatched area is refused with a clear message.
	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(page.getByText('Bitte bestätigen Sie, dass die Zeilen mit nicht gefundenen Gebieten übersprungen werden sollen')).toBeVisible();
	await page.getByLabel('Zeilen mit dem nicht gefundenen Gebiet überspringen').check();
	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis des Imports' })).toBeVisible();
	await expect(page.getByText('Der Import ist abgeschlossen: 8 Werte neu angelegt, 0 Werte aktualisiert.')).toBeVisible();
	await expectNoAxeViolations(page);
	// The preview page of the finished run now shows its result.
	await page.goto(preview);
	await expect(page.getByRole('heading', { level: 1, name: 'Ergebnis des Imports' })).toBeVisible();
});

test('re-importing the same file updates the values instead of duplicating them', async ({ page }) => {
	await login(page);
	await runWizard(page);
	await page.getByLabel('Zeilen mit dem nicht gefundenen Gebiet überspringen').check();
	await page.getByRole('button', { name: 'Jetzt importieren' }).click();
	await expect(page.getByText('Der Import ist abgeschlossen: 0 Werte neu angelegt, 8 Werte aktualisiert.')).toBeVisible();
	await page.goto('/m/berlin/statistics/import');
	await expect(page.getByRole('table', { name: 'Letzte Importe von Statistiken' }).getByRole('row')).toHaveCount(3);
});

test('an empty file, a wrong format and a too large file get clear German messages', async ({ page }) => {
	await login(page);
	await upload(page, 'leer.csv', Buffer.alloc(0));
	await expect(page.getByText('Die Datei ist leer.')).toBeVisible();
	await expectNoAxeViolations(page);
	await upload(page, 'alt.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'application/vnd.ms-excel');
	await expect(page.getByText('Alte Excel-Dateien (.xls) werden nicht unterstützt. Bitte speichern Sie die Datei als .xlsx oder .csv.')).toBeVisible();
	await upload(page, 'bild.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'text/csv');
	await expect(page.getByText('Das Dateiformat wird nicht unterstützt. Bitte laden Sie CSV, XLSX oder ODS hoch.')).toBeVisible();
	// Larger than the limit (below the server's body limit of the test server): refused before upload with JS.
	await page.goto('/m/berlin/statistics/import');
	await page.getByLabel('Tabellendatei').setInputFiles({ name: 'gross.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2_060_000, 'a;1\n') });
	await expect(page.getByText(/Die Datei ist zu groß \(höchstens 1,9 MB\)/)).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('a too large file is refused by the server with the same message', async ({ page }) => {
		await login(page);
		await upload(page, 'gross.csv', Buffer.alloc(2_060_000, 'a;1\n'));
		await expect(page.getByText(/Die Datei ist zu groß \(höchstens 1,9 MB\)/)).toBeVisible();
	});
});

test('the indicator catalogue: create, edit, delete; deleting an indicator with values is refused', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/indicators');
	await expect(page.getByRole('heading', { level: 1, name: 'Indikatoren' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Indikator anlegen' }).click();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name').fill('Wohnberechtigungsscheine');
	await page.getByLabel('Schlüssel', { exact: true }).fill('Falscher Schlüssel');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByLabel('Schlüssel', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Schlüssel', { exact: true }).fill('wbs_count');
	await page.getByLabel('Art des Wertes').selectOption('count');
	await page.getByLabel('Mindestfallzahl').fill('5');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Der Indikator wurde angelegt.')).toBeVisible();
	await page.getByLabel('Quelle').fill('Wohnungsamt');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Die Änderungen wurden gespeichert.')).toBeVisible();
	await expect(page.getByLabel('Quelle')).toHaveValue('Wohnungsamt');
	await expectNoAxeViolations(page);
	await page.getByLabel('Ja, diesen Indikator endgültig löschen').check();
	await page.getByRole('button', { name: 'Indikator löschen' }).click();
	await expect(page.getByText('Der Indikator wurde gelöscht.')).toBeVisible();

	await page.getByRole('link', { name: 'Einwohner/-innen', exact: true }).click();
	await page.getByLabel('Ja, diesen Indikator endgültig löschen').check();
	await page.getByRole('button', { name: 'Indikator löschen' }).click();
	await expect(page.getByText('Der Eintrag wird noch verwendet und kann nicht gelöscht werden.')).toBeVisible();
});

test('a district is composed of statistical areas by ticking them', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/statistics/areas');
	await page.getByRole('link', { name: 'Schillerpromenade', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gebiete von Schillerpromenade' })).toBeVisible();
	await expectNoAxeViolations(page);
	// The demo may already link some areas: work relative to what is there.
	const nord = page.getByLabel('Schillerpromenade Nord (08100102)');
	const hasenheide = page.getByLabel('Hasenheide (08100101)');
	await nord.check();
	await hasenheide.uncheck();
	const count = await page.locator('input[name="areaIds"]:checked').count();
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toHaveText(count === 1 ? 'Dem Stadtteil ist jetzt ein Gebiet zugeordnet.' : `Dem Stadtteil sind jetzt ${count} Gebiete zugeordnet.`);
	await expect(nord).toBeChecked();
	await expect(hasenheide).not.toBeChecked();
	await nord.uncheck();
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toHaveText(count - 1 === 1 ? 'Dem Stadtteil ist jetzt ein Gebiet zugeordnet.' : `Dem Stadtteil sind jetzt ${count - 1} Gebiete zugeordnet.`);
	await expect(nord).not.toBeChecked();
});

test.describe('API', () => {
	let db: Db;
	let token: string;
	test.beforeAll(async ({}, info) => {
		db = openProjectDb(info);
		token = (await createLocalAdmin(db, 'berlin')).token;
	});
	test.afterAll(async () => db?.close());

	test('lists indicators and disclosed observations, stores a batch idempotently, 404 for unknown filters', async ({ request }) => {
		const headers = { authorization: `Bearer ${token}` };
		const list = await request.get('/api/v1/indicators', { headers });
		expect(list.status()).toBe(200);
		const population = (await list.json()).data.find((i: { key: string }) => i.key === 'population');
		expect(population).toMatchObject({ valueKind: 'count', disclosureMin: 3 });
		const one = await request.get(`/api/v1/indicators/${population.id}`, { headers });
		expect((await one.json()).key).toBe('population');

		const obs = await request.get('/api/v1/observations?indicator=population&area=08100101&period=2024', { headers });
		expect(obs.status()).toBe(200);
		const body = await obs.json();
		expect(body.data).toEqual([expect.objectContaining({ indicatorKey: 'population', areaCode: '08100101', period: '2024', value: 4626, flags: [] })]);
		const share = await (await request.get('/api/v1/observations?indicator=foreigners_share&period=2024', { headers })).json();
		expect(share.data.find((o: { areaCode: string }) => o.areaCode === '08100102')).toMatchObject({ numerator: 2985, denominator: 8181 });

		const areaId = body.data[0].areaId;
		const batch = { observations: [{ indicatorId: population.id, areaId, period: '2023', value: 2 }] };
		const post = await request.post('/api/v1/observations', { headers, data: batch });
		expect(post.status()).toBe(200);
		expect(await post.json()).toEqual({ inserted: 1, updated: 0 });
		expect(await (await request.post('/api/v1/observations', { headers, data: batch })).json()).toEqual({ inserted: 0, updated: 1 });
		// A count below the minimum of 3 leaves the server suppressed.
		const small = await (await request.get(`/api/v1/observations?indicator=${population.id}&area=${areaId}&period=2023`, { headers })).json();
		expect(small.data[0]).toMatchObject({ value: null, flags: ['suppressed-primary'] });

		const bad = await request.post('/api/v1/observations', { headers, data: { observations: [{ indicatorId: population.id, areaId, period: '20x3', value: 1 }] } });
		expect(bad.status()).toBe(422);
		const unknown = await request.get('/api/v1/observations?indicator=gibt_es_nicht', { headers });
		expect(unknown.status()).toBe(404);
		expect(unknown.headers()['content-type']).toContain('application/problem+json');
	});
});
