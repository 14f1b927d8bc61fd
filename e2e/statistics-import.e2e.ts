import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';
import { newId, nowIso } from '$lib/server/core/ids';
import { readBoundaries } from '$lib/server/statistics/import/boundaries';

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

	test('POST observations with another municipality’s (or no municipality’s) ids answers 404 naming the fields and changes nothing', async ({ request }) => {
		const headers = { authorization: `Bearer ${token}` };
		const other = await createForeignTenant(db);
		const population = (await (await request.get('/api/v1/indicators', { headers })).json()).data.find((i: { key: string }) => i.key === 'population');
		const own = (await (await request.get('/api/v1/observations?indicator=population&area=08100101&period=2024', { headers })).json()).data[0];
		const berlin = (await db.kysely.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
		const before = { other: await snapshotTenant(db, other.municipality.id), own: await snapshotTenant(db, berlin) };
		for (const [ids, fields] of [
			[{ indicatorId: other.ids.indicatorId, areaId: own.areaId }, ['observations.1.indicatorId']],
			[{ indicatorId: population.id, areaId: other.ids.areaId }, ['observations.1.areaId']],
			[{ indicatorId: '00000000-0000-4000-8000-000000000000', areaId: '00000000-0000-4000-8000-000000000001' }, ['observations.1.areaId', 'observations.1.indicatorId']]
		] as const) {
			const res = await request.post('/api/v1/observations', {
				headers,
				data: { observations: [{ indicatorId: population.id, areaId: own.areaId, period: '2023', value: 4700 }, { ...ids, period: '2024', value: 5 }] }
			});
			expect(res.status()).toBe(404);
			expect(res.headers()['content-type']).toContain('application/problem+json');
			const problem = await res.json();
			expect(Object.keys(problem.errors).sort()).toEqual([...fields]);
			expect(problem.errors[fields[0]]).toEqual(['Der gewählte Eintrag existiert nicht.']);
		}
		expect(await snapshotTenant(db, other.municipality.id)).toEqual(before.other);
		expect(await snapshotTenant(db, berlin)).toEqual(before.own);
	});

	test('Zensus grid and register extract by API: 202 + job resource with the report; aggregates only; errors as problem+json', async ({ request }) => {
		test.setTimeout(90_000);
		const headers = { authorization: `Bearer ${token}` };
		// Statistical areas that the synthetic grid lies in (EPSG:3035 fixture), on a level of their own.
		const berlin = (await db.kysely.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
		const read = await readBoundaries(new Uint8Array(readFileSync('src/lib/server/statistics/import/fixtures/zensus-bezirke-3035.geojson')));
		const now = nowIso();
		await db.kysely
			.insertInto('statistical_area')
			.values(read.features.map((f) => ({ id: newId(), municipality_id: berlin, code: `E2E-${f.properties.id}`, name: String(f.properties.name), level: 'e2e-api', parent_id: null, boundary: JSON.stringify(f.geometry), population: null, created_at: now, updated_at: now })))
			.onConflict((oc) => oc.doNothing())
			.execute();
		const grid = readFileSync('src/lib/server/statistics/import/fixtures/zensus-gitter-100m.csv');
		const q = 'target=areas&level=e2e-api&period=2022&column=Einwohner:population&column=AnteilAuslaender:foreigners_share';

		// Errors first: nothing is queued.
		const runsBefore = (await db.kysely.selectFrom('import_run').select('id').where('municipality_id', '=', berlin).execute()).length;
		const bad = await request.post(`/api/v1/imports/zensus-grid?${q.replace('foreigners_share', 'gibt_es_nicht')}`, { headers: { ...headers, 'content-type': 'text/csv' }, data: grid });
		expect(bad.status()).toBe(422);
		expect(bad.headers()['content-type']).toContain('application/problem+json');
		expect((await bad.json()).errors['columns.1.indicatorKey']).toEqual(['Der gewählte Eintrag existiert nicht.']);
		expect((await request.post(`/api/v1/imports/zensus-grid?${q}`, { headers: { ...headers, 'content-type': 'application/json' }, data: grid })).status()).toBe(415);
		expect((await request.post(`/api/v1/imports/zensus-grid?${q}`, { headers: { 'content-type': 'text/csv' }, data: grid })).status()).toBe(401);
		expect((await db.kysely.selectFrom('import_run').select('id').where('municipality_id', '=', berlin).execute()).length).toBe(runsBefore);

		const started = await request.post(`/api/v1/imports/zensus-grid?${q}`, { headers: { ...headers, 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="gitter.csv"' }, data: grid });
		expect(started.status()).toBe(202);
		const location = started.headers()['location'];
		expect(location).toMatch(/^\/api\/v1\/imports\/zensus-grid\/[0-9a-f-]{36}$/);
		let job: { status: string; fileName: string; result: { cells: { read: number; assigned: number; outside: number }; indicators: { indicatorKey: string; suppressedCells: number; observations: number }[]; observations: { total: number } } | null } = { status: 'queued', fileName: '', result: null };
		await expect(async () => {
			const res = await request.get(location, { headers });
			expect(res.status()).toBe(200);
			job = await res.json();
			expect(job.status).toBe('succeeded');
		}).toPass({ timeout: 60_000 });
		expect(job.fileName).toBe('gitter.csv');
		expect(job.result!.cells).toMatchObject({ read: 375 });
		expect(job.result!.cells.assigned + job.result!.cells.outside).toBe(375);
		expect(job.result!.indicators.map((i) => i.indicatorKey)).toEqual(['population', 'foreigners_share']);
		expect(job.result!.indicators[0].suppressedCells).toBeGreaterThan(0);
		expect(job.result!.observations.total).toBeGreaterThan(0);
		// Another municipality's grid job is not there for this token.
		const other = await createForeignTenant(db);
		const foreignRun = newId();
		await db.kysely
			.insertInto('import_run')
			.values({ id: foreignRun, municipality_id: other.municipality.id, file_name: 'andere.csv', kind: 'zensus-grid', status: 'succeeded', mapping: '{}', report: '{}', rows_total: 0, inserted_count: 0, updated_count: 0, error_count: 0, file_content: null, job_id: null, created_by: null, created_at: now, finished_at: now })
			.execute();
		const foreign = await request.get(`/api/v1/imports/zensus-grid/${foreignRun}`, { headers });
		expect(foreign.status()).toBe(404);
		expect(foreign.headers()['content-type']).toContain('application/problem+json');

		// Register extract: codes of the areas above; the answer holds counts and disclosed figures, no row.
		const extract = ['Personen_ID;Gebiet;Staatsangehoerigkeit;Geburtsland;Geburtsdatum', 'E2E-R01;E2E-A;DE;DE;1980-01-01', 'E2E-R02;E2E-A;TR;TR;1982-05-05', 'E2E-R03;E2E-A;DE;DE;1990-03-03', 'E2E-R04;E2E-A;DE;DE;1991-04-04', 'E2E-R05;E2E-B;SY;SY;1985-01-01', 'E2E-R06;E2E-XX;DE;DE;1970-01-01'].join('\r\n');
		const rq = 'period=2021&level=e2e-api&columns.secondCitizenship=&columns.naturalised=&columns.parentIds=&columns.personId=Personen_ID';
		const missing = await request.post(`/api/v1/imports/register?${rq}&columns.area=Bezirk`, { headers: { ...headers, 'content-type': 'text/csv' }, data: extract });
		expect(missing.status()).toBe(422);
		expect((await missing.json()).errors['columns.area']).toEqual(['Diese Spalte gibt es in der Datei nicht.']);
		const reg = await request.post(`/api/v1/imports/register?${rq}`, { headers: { ...headers, 'content-type': 'text/csv' }, data: extract });
		expect(reg.status()).toBe(200);
		const result = await reg.json();
		expect(result).toMatchObject({ period: '2021', persons: 6, areas: 2, unmatchedAreas: { codes: ['E2E-XX'], persons: 1 } });
		expect(JSON.stringify(result)).not.toContain('E2E-R0');
		const pop = result.figures.indicators.find((i: { key: string }) => i.key === 'population');
		const cells = Object.fromEntries(result.figures.areas.map((a: { code: string; cells: Record<string, { value: number | null }> }) => [a.code, a.cells[pop.id].value]));
		expect(cells).toEqual({ 'E2E-A': 4, 'E2E-B': null }); // 1 person: suppressed
	});
});
