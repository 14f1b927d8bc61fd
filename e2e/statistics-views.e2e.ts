import { expect, test, type Page } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';

/**
 * Statistics views on the demo municipality's real Berlin data (542 planning areas): start page, district
 * profile, choropleth map (also without JavaScript and right-to-left), sortable comparison, choosing a
 * district with the MSS 2021 preset, and the downloads of every table and figure.
 */
const base = '/m/berlin/statistics';
// The map and the ranking are big pages (542 areas); axe needs its time on them.
test.setTimeout(180_000);

async function indicatorLink(page: Page, view: 'Karte' | 'Vergleich' | 'Zeitreihe', indicator: string): Promise<string> {
	await page.goto(base);
	// the indicator's name is visually hidden text of the link (Chromium may put a space before the colon)
	const name = new RegExp(`^${view}\\s?:\\s*${indicator.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
	const href = await page.getByRole('link', { name }).getAttribute('href');
	expect(href).toBeTruthy();
	return href!;
}

test('start page lists indicators with their latest date and the district profiles', async ({ page }) => {
	await login(page);
	await page.goto(base);
	await expect(page.getByRole('heading', { level: 1, name: 'Statistik' })).toBeVisible();
	const table = page.getByRole('table', { name: 'Indikatoren mit ihrem letzten Stichtag' });
	await expect(table.getByRole('row', { name: /Anteil Ausländer\/-innen .*31\.12\.2024/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Schillerpromenade', exact: true })).toBeVisible();
	await expect(page.getByText('Amt für Statistik Berlin-Brandenburg').first()).toBeVisible();
	await expectNoAxeViolations(page);
});

test('district profile: table against the city, bar chart, downloads', async ({ page }) => {
	await login(page);
	await page.goto(`${base}/profile`);
	await expectNoAxeViolations(page);
	await page.getByLabel('Stadtteil').selectOption({ label: 'Schillerpromenade (081001)' });
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Stadtteilprofil Schillerpromenade' })).toBeVisible();
	const table = page.getByRole('table', { name: /Schillerpromenade im Vergleich zur Gesamtstadt/ });
	await expect(table.getByRole('row', { name: /Einwohner\/-innen .*3\.897\.145/ })).toBeVisible();
	await expect(page.getByRole('img', { name: /Balkendiagramm/ })).toBeVisible();
	await expectNoAxeViolations(page);

	for (const [name, type, start] of [
		['Tabelle als CSV', 'text/csv', '\uFEFFIndikator;Einheit;Schillerpromenade;Gesamtstadt'],
		['Tabelle als Excel-Datei (XLSX)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'],
		['Grafik als SVG', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"'],
		['Grafik als PNG', 'image/png', '\u0089PNG']
	] as const) {
		const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
		const res = await page.request.get(href!);
		expect(res.status(), name).toBe(200);
		expect(res.headers()['content-type'], name).toContain(type);
		expect(res.headers()['content-disposition'], name).toContain('attachment');
		const body = await res.body();
		expect(type === 'text/csv' ? body.toString('utf8') : body.subarray(0, start.length).toString('latin1'), name).toContain(start);
	}
});

test('choropleth map: one path per area with titles, legend and a data table, without JavaScript too', async ({ browser }) => {
	for (const javaScriptEnabled of [true, false]) {
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		await login(page);
		const href = await indicatorLink(page, 'Karte', 'Anteil Ausländer/-innen');
		await page.goto(href);
		await expect(page.getByRole('heading', { level: 1, name: 'Karte: Anteil Ausländer/-innen' })).toBeVisible();
		const map = page.getByRole('img', { name: /^Karte: Anteil Ausländer\/-innen/ });
		await expect(map).toBeVisible();
		expect(await map.locator('path').count()).toBe(542);
		expect(await map.locator('path > title').count()).toBe(542);
		await expect(map.locator('g.legend')).toContainText('Legende (%)');
		await expect(page.getByRole('table', { name: /Anteil Ausländer\/-innen nach Gebieten/ }).getByRole('row')).toHaveCount(543);
		// change the classification through the GET form
		await page.getByLabel('Klassenbildung').selectOption('sd');
		await page.getByLabel('Stichtag', { exact: true }).selectOption({ label: '31.12.2020' });
		await page.getByRole('button', { name: 'Anzeigen' }).nth(1).click();
		await expect(page).toHaveURL(/method=sd/);
		await expect(page.getByText('Stichtag 31.12.2020, Klassen: Standardabweichung').first()).toBeVisible();
		if (javaScriptEnabled) await expectNoAxeViolations(page);
		const svg = await page.request.get(`${new URL(page.url()).pathname}/download?${new URL(page.url()).searchParams}&format=svg`);
		expect(svg.headers()['content-type']).toContain('image/svg+xml');
		const png = await page.request.get(`${new URL(page.url()).pathname}/download?${new URL(page.url()).searchParams}&format=png`);
		expect(png.headers()['content-type']).toBe('image/png');
		await context.close();
	}
});

test('the map page with Arabic chosen: right-to-left around German content marked as German; passes axe', async ({ page }) => {
	await login(page);
	const href = await indicatorLink(page, 'Karte', 'Anteil unter 6-Jährige');
	await page.goto(`${href}?lang=ar`);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('svg[role="img"] path')).toHaveCount(542);
	// the staff navigation has no Arabic texts yet: shown in German and marked as German (language of parts)
	await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('button', { name: 'Abmelden' })).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('button', { name: 'تغيير اللغة' })).not.toHaveAttribute('lang', /./);
	// so is the page's content: the staff pages are German and English (the public pages have every language)
	await expect(page.locator('main')).toHaveAttribute('lang', 'de');
	await expect(page.locator('main')).toHaveAttribute('dir', 'ltr');
	await expectNoAxeViolations(page);
	await page.goto(`${base}?lang=de`);
});

test('comparison of all areas sorts by GET parameters and the links keep the state', async ({ page }) => {
	await login(page);
	const href = await indicatorLink(page, 'Vergleich', 'Einwohner/-innen');
	await page.goto(href);
	const table = page.getByRole('table', { name: /Einwohner\/-innen: alle Gebiete/ });
	const values = async () =>
		(await table.locator('tbody tr:not(.summary) td:nth-child(4)').allInnerTexts()).map((t) => Number(t.replace(/\./g, ''))).filter((n) => Number.isFinite(n));
	const desc = await values();
	expect(desc.length).toBeGreaterThan(500);
	expect(desc).toEqual([...desc].sort((a, b) => b - a));
	await expect(table.getByRole('columnheader', { name: /Wert/ })).toHaveAttribute('aria-sort', 'descending');
	await table.getByRole('link', { name: /^Wert/ }).click();
	await expect(page).toHaveURL(/sort=value&dir=asc/);
	const asc = await values();
	expect(asc).toEqual([...asc].sort((a, b) => a - b));
	await table.getByRole('link', { name: /^Gebiet/ }).click();
	await expect(page).toHaveURL(/sort=name&dir=asc/);
	await expect(table.getByRole('columnheader', { name: /Gebiet/ })).toHaveAttribute('aria-sort', 'ascending');
	// the period form keeps the sort
	await page.getByLabel('Stichtag', { exact: true }).selectOption({ label: '31.12.2020' });
	await page.getByRole('button', { name: 'Anzeigen' }).nth(1).click();
	await expect(page).toHaveURL(/sort=name&dir=asc&period=2020-12-31|period=2020-12-31.*sort=name/);
	await expectNoAxeViolations(page);
	const csv = await page.request.get(await page.getByRole('link', { name: 'Tabelle als CSV' }).getAttribute('href').then((h) => h!));
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect((await csv.text()).split('\r\n')[0]).toBe('\uFEFFRang;Schlüssel;Gebiet;Wert (Personen)');
});

test('time series with trend, and the city line of an MSS indicator computed from the known areas', async ({ page }) => {
	await login(page);
	const href = await indicatorLink(page, 'Zeitreihe', 'Arbeitslose nach SGB II (MSS S1)');
	await page.goto(href);
	await page.getByLabel('Stadtteil').selectOption({ label: 'Schillerpromenade' });
	await page.getByRole('button', { name: 'Anzeigen' }).nth(1).click();
	await expect(page.getByText(/Trend pro Jahr: Schillerpromenade .*, Gesamtstadt [+−-]\d/)).toBeVisible();
	const table = page.getByRole('table', { name: /Schillerpromenade und Gesamtstadt/ });
	await expect(table.getByRole('row')).toHaveCount(4);
	// MSS keeps small areas secret: the city is computed from the others, with the coverage in table and legend.
	const city = 'Gesamtstadt (berechnet aus 536 von 542 Gebieten)*';
	await expect(table.getByRole('columnheader', { name: `${city} (%)` })).toBeVisible();
	await expect(table.getByRole('columnheader', { name: 'Grundlage Gesamtstadt' })).toBeVisible();
	for (const date of ['31.12.2018', '31.12.2020']) {
		const row = table.getByRole('row', { name: new RegExp(`^${date.replace(/\./g, '\\.')}`) });
		await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d+,\d s$/);
		await expect(row.getByRole('cell').nth(2)).toHaveText('berechnet aus 536 von 542 Gebieten');
	}
	await expect(page.getByText(/^\* Gesamtstadt: Nicht alle Gebiete haben einen bekannten Wert/)).toBeVisible();
	const chart = page.getByRole('img', { name: /Liniendiagramm/ });
	await expect(chart).toBeVisible();
	await expect(chart.getByText(city, { exact: true })).toHaveCount(1); // the legend entry of the city line
	// the city line (second series colour) and its markers, one per date
	await expect(chart.locator('path[stroke="#b45309"]')).toHaveCount(1);
	await expect(chart.locator('path[fill="#b45309"]')).toHaveCount(2);
	await expectNoAxeViolations(page);
	const csv = await page.request.get((await page.getByRole('link', { name: 'Tabelle als CSV' }).getAttribute('href'))!);
	expect((await csv.text()).split('\r\n')[0]).toBe(`\uFEFFStichtag;Schillerpromenade (%);${city} (%);Grundlage Gesamtstadt`);
});

test('choosing a district with the MSS 2021 preset: ranking, explanation, sensitivity, download', async ({ page }) => {
	await login(page);
	await page.goto(`${base}/choose`);
	await expect(page.getByRole('heading', { level: 1, name: 'Stadtteil auswählen' })).toBeVisible();
	await expectNoAxeViolations(page);
	// a bad configuration shows errors next to the fields
	await page.getByLabel('Klassengrenzen in Standardabweichungen').fill('1; 0');
	await page.getByRole('button', { name: 'Rangfolge berechnen' }).click();
	await expect(page.getByText('Bitte mindestens einen Indikator auswählen.')).toBeVisible();
	await expect(page.getByLabel('Klassengrenzen in Standardabweichungen')).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Voreinstellung: Berlin MSS 2021 Statusindex' }).click();
	await expect(page).toHaveURL(/preset=mss2021&period=2020-12-31&ind=/);
	await expect(page.getByText('536 von 542 Gebieten einbezogen, Stichtag 31.12.2020.')).toBeVisible();
	const classes = page.getByRole('table', { name: 'Gebiete je Klasse' });
	await expect(classes.getByRole('row', { name: /Status hoch/ })).toBeVisible();
	const ranking = page.getByRole('table', { name: /Rangfolge der Gebiete/ });
	await expect(ranking.locator('tbody tr')).toHaveCount(536);
	await expect(ranking.locator('tbody tr').first()).toContainText('Kinderarmut');
	await expect(page.getByRole('table', { name: /Sensitivität: Gewicht von Kinderarmut/ }).locator('tbody tr')).toHaveCount(3);
	await expect(page.getByRole('table', { name: 'Nicht einbezogene Gebiete und Gründe' })).toContainText('Gewerbegebiet Bitterfelder Straße');
	await expectNoAxeViolations(page);
	const xlsx = await page.request.get((await page.getByRole('link', { name: 'Tabelle als Excel-Datei (XLSX)' }).getAttribute('href'))!);
	expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	const csv = await page.request.get((await page.getByRole('link', { name: 'Tabelle als CSV' }).getAttribute('href'))!);
	expect((await csv.text()).split('\r\n')[0]).toBe('\uFEFFRang;Schlüssel;Gebiet;Indexwert;Klasse;Einwohner/-innen;zieht nach oben;zieht nach unten');
});

test('another municipality’s ids and unknown formats answer 404', async ({ page }) => {
	await login(page);
	for (const url of [`${base}/map/00000000-0000-4000-8000-000000000000`, `${base}/compare/x/download?format=csv`, `${base}/profile/nope`]) {
		expect((await page.request.get(url)).status(), url).toBe(404);
	}
	const href = await indicatorLink(page, 'Karte', 'Anteil Ausländer/-innen');
	expect((await page.request.get(`${href}/download?format=exe`)).status()).toBe(404);
	expect((await page.request.get(`${href}?areaId=x`)).status()).toBe(200);
	const series = await indicatorLink(page, 'Zeitreihe', 'Anteil Ausländer/-innen');
	expect((await page.request.get(`${series}?areaId=00000000-0000-4000-8000-000000000000`)).status()).toBe(404);
});
