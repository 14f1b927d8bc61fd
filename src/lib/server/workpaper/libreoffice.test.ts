import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { translator } from '../../i18n';
import { canonicalRow } from '../../domain/workpaper';
import { writeCsv, writeOds, writeXlsx } from './formats';
import { measuresSheet, notesSheet } from './rows';

/**
 * "LibreOffice must open every export without complaint": each format is opened by LibreOffice itself
 * (headless conversion) and what it reads is compared with what was written. The full test run (npm test)
 * installs LibreOffice Calc from Debian when it is missing; elsewhere the test is skipped unless required.
 */
const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const required = process.env.REQUIRE_POSTGRES === '1' || process.env.REQUIRE_LIBREOFFICE === '1';

const t = translator('de');
const row = (over: Partial<Parameters<typeof canonicalRow>[0]>) =>
	canonicalRow({
		title: 'Lernpaten', description: '', actionFieldName: 'Bildung', goals: [{ title: 'Übergänge verbessern' }], leadActorName: 'Jugendamt', partners: [],
		startDate: '2026-01-01', endDate: '2026-12-31', milestones: [{ title: 'Auftakt', dueDate: '2026-02-01', done: true }], costCents: 1_250_050,
		fundingSource: 'Haushalt', spatialScope: 'site', siteLabel: 'Schule', siteLat: 52.4801, siteLon: 13.4257, decidableLocally: true, integrated: false,
		starterProject: true, status: 'in-progress', ...over
	});
const measures = [
	{ id: '11111111-1111-4111-8111-111111111111', row: row({}) },
	{ id: '22222222-2222-4222-8222-222222222222', row: row({ title: '=SUMME(A1:A2)', description: 'Zeile 1\nZeile 2; mit "Anführungszeichen" & <Zeichen>', costCents: null, leadActorName: null }) },
	{ id: '33333333-3333-4333-8333-333333333333', row: row({ title: 'مقهى اللغة – Sprachcafé', description: '  eingerückt  mit Leerzeichen', startDate: null, endDate: null }) }
];
const sheet = measuresSheet(t, measures, '44444444-4444-4444-8444-444444444444');
const notes = notesSheet(t, { actionFields: ['Bildung'], goals: ['Übergänge verbessern'], actors: ['Jugendamt'] });

function convertToCsv(dir: string, file: string, infilter?: string): string {
	const args = ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`];
	if (infilter) args.push(`--infilter=${infilter}`);
	// Output CSV: ';' separated, '"' quoted, UTF-8 (76), first sheet.
	args.push('--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1', '--outdir', join(dir, 'out'), join(dir, file));
	const out = execFileSync(soffice, args, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
	expect(out).toContain('convert');
	return readFileSync(join(dir, 'out', file.replace(/\.\w+$/, '.csv')), 'utf8');
}

describe.skipIf(!soffice && !required)('working paper files in LibreOffice', () => {
	it('LibreOffice is installed where the full test run needs it', () => {
		expect(soffice).not.toBe('');
	});

	it('opens XLSX, ODS and CSV and reads the same cells: text stays text (no formulas), umlauts, line breaks, right-to-left text, dates, amounts', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'quartier-lo-'));
		try {
			writeFileSync(join(dir, 'plan.xlsx'), await writeXlsx([sheet, notes], 'Arbeitspapier'));
			writeFileSync(join(dir, 'plan.ods'), writeOds([sheet, notes], 'Arbeitspapier'));
			writeFileSync(join(dir, 'plan.csv'), writeCsv(sheet));
			const results = {
				xlsx: convertToCsv(dir, 'plan.xlsx'),
				ods: convertToCsv(dir, 'plan.ods'),
				csv: convertToCsv(dir, 'plan.csv', 'CSV:59,34,76,1')
			};
			const header = sheet.header;
			for (const [format, csv] of Object.entries(results)) {
				const [head, ...rows] = parse(csv, { delimiter: ';', relax_column_count: true }) as string[][];
				expect(head, format).toEqual(header);
				const cell = (id: string, label: string) => rows.find((r) => r[0] === id)![header.indexOf(label)];
				expect(rows.map((r) => r[0]), format).toEqual(measures.map((m) => m.id));
				expect(cell(measures[0].id, 'Ziele'), format).toBe('Übergänge verbessern');
				expect(cell(measures[0].id, 'Meilensteine'), format).toBe('01.02.2026 Auftakt (erledigt)');
				expect(cell(measures[0].id, 'Beginn'), format).toBe('01.01.2026');
				expect(cell(measures[0].id, 'Kosten (Euro)').replace(/\s*€$/, ''), format).toMatch(/^12[.,]?500[.,]50$/); // separators follow LibreOffice's locale
				expect(cell(measures[0].id, 'Breite'), format).toMatch(/^52[.,]4801$/);
				expect(cell(measures[1].id, 'Beschreibung'), format).toBe('Zeile 1\nZeile 2; mit "Anführungszeichen" & <Zeichen>');
				expect(cell(measures[2].id, 'Maßnahme'), format).toBe('مقهى اللغة – Sprachcafé');
				expect(cell(measures[2].id, 'Beschreibung'), format).toBe('  eingerückt  mit Leerzeichen');
				// Formula-like text stays text: LibreOffice shows it, it does not compute it.
				expect(cell(measures[1].id, 'Maßnahme'), format).toBe(format === 'csv' ? "'=SUMME(A1:A2)" : '=SUMME(A1:A2)');
				expect(csv, format).not.toMatch(/Err:|#NAME|#WERT|#VALUE/);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 180_000);
});
