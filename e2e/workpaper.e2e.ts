import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';

/** The plan as a working paper: download, edit in a spreadsheet, upload, preview field by field, apply; bad files. */
test.describe.configure({ mode: 'serial' });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let db: Db;
let planUrl = '';

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const plan = await db.kysely
		.selectFrom('action_plan')
		.innerJoin('municipality', 'municipality.id', 'action_plan.municipality_id')
		.innerJoin('measure', 'measure.action_plan_id', 'action_plan.id')
		.select('action_plan.id')
		.where('municipality.slug', '=', 'berlin')
		.where('measure.title', '=', 'Sprachcafé für Eltern an der Grundschule')
		.executeTakeFirstOrThrow();
	planUrl = `/m/berlin/plans/${plan.id}`;
});
test.afterAll(async () => db?.close());

test('download the working paper, edit it in a spreadsheet, see the change field by field, apply it', async ({ page }) => {
	await login(page);
	await page.goto(planUrl);
	await page.getByRole('link', { name: 'Arbeitspapier (XLSX, ODS, CSV) und Re-Import' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Arbeitspapier:');
	await expectNoAxeViolations(page);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel-Arbeitsmappe (XLSX)' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^Arbeitspapier-.*\.xlsx$/);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ExcelJS.Buffer);
	const ws = wb.getWorksheet('Maßnahmen')!;
	const header = ws.getRow(1).values as unknown[];
	const titleCol = header.indexOf('Maßnahme');
	const costCol = header.indexOf('Kosten (Euro)');
	let row = 0;
	ws.eachRow((r, n) => {
		if (r.getCell(titleCol).value === 'Sprachcafé für Eltern an der Grundschule') row = n;
	});
	expect(row).toBeGreaterThan(1);
	ws.getRow(row).getCell(titleCol).value = 'Sprachcafé für Eltern (überarbeitet)';
	ws.getRow(row).getCell(costCol).value = 4321.5;
	const edited = Buffer.from(await wb.xlsx.writeBuffer());

	await page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)').setInputFiles({ name: 'aktionsplan.xlsx', mimeType: XLSX, buffer: edited });
	await page.getByRole('button', { name: 'Prüfen' }).click();
	await expect(page).toHaveURL(/\/workpaper\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vorschau: aktionsplan.xlsx');
	await expect(page.getByText(/^1 Maßnahme wird geändert, keine neue, \d+ unverändert\./)).toBeVisible();
	const changes = page.getByRole('table', { name: 'Änderungen' });
	await expect(changes.getByRole('row', { name: /Maßnahme Sprachcafé für Eltern an der Grundschule Sprachcafé für Eltern \(überarbeitet\)/ })).toBeVisible();
	await expect(changes.getByRole('row', { name: /Kosten \(Euro\).*4\.321,50/ })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Änderungen übernehmen' }).click();
	await expect(page.getByRole('status')).toHaveText('Übernommen: 1 Maßnahme geändert, 0 neu angelegt.');
	await expect(page.getByRole('button', { name: 'Änderungen übernehmen' })).toHaveCount(0);
	await page.goto(planUrl);
	await expect(page.getByText('Sprachcafé für Eltern (überarbeitet)').first()).toBeVisible();
	// The upload is listed with its state.
	await page.goto(`${planUrl}/workpaper`);
	await expect(page.getByRole('table', { name: 'Frühere Uploads' }).getByRole('row', { name: /aktionsplan\.xlsx .* übernommen/ })).toBeVisible();
	// A file that is no spreadsheet: the field says so, accessibly.
	await page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)').setInputFiles({ name: 'foto.xlsx', mimeType: XLSX, buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) });
	await page.getByRole('button', { name: 'Prüfen' }).click();
	await expect(page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)')).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('a table without the id column and a file that is no spreadsheet are reported; nothing can be applied', async ({ page }) => {
		await login(page);
		await page.goto(`${planUrl}/workpaper`);
		await page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from('Maßnahme;Kosten\nNeu;12\n') });
		await page.getByRole('button', { name: 'Prüfen' }).click();
		await expect(page.getByRole('heading', { name: 'Fehler in der Datei' })).toBeVisible();
		await expect(page.getByText('Die Spalte „Kennung“ fehlt.', { exact: false })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Änderungen übernehmen' })).toHaveCount(0);
		await page.getByRole('button', { name: 'Verwerfen' }).click();
		await expect(page.getByRole('status')).toHaveText('Die Vorschau wurde verworfen; nichts wurde geändert.');

		await page.goto(`${planUrl}/workpaper`);
		await page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)').setInputFiles({ name: 'bild.xlsx', mimeType: XLSX, buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) });
		await page.getByRole('button', { name: 'Prüfen' }).click();
		await expect(page.getByLabel('Datei (XLSX, ODS oder CSV, höchstens 10 MB)')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('#wp-file-error')).not.toBeEmpty();
	});
});
