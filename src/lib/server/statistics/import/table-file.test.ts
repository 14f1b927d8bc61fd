import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { zipSync, strToU8 } from 'fflate';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnConventions, detectFlagColumns, isLimitedFlag, readTableFile, type TableFileResult } from './table-file';
import { readOdsContent } from './ods';
import { parseNumber } from './numbers';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function ok(r: TableFileResult) {
	if (!r.ok) throw new Error('expected ok, got ' + JSON.stringify(r.issues));
	return r;
}
function errorCodes(r: TableFileResult) {
	expect(r.ok).toBe(false);
	return r.issues.filter((i) => i.severity === 'error').map((i) => i.code);
}

const EXPECTED_HEADER = ['Schlüssel', 'Stadtteil', 'Jahr', 'Einwohner', 'Ausländer', 'Anteil Ausländer %', 'Arbeitslose'];

describe('readTableFile: CSV', () => {
	it('reads UTF-8 with BOM: separator, quoted separator, empty row skipped, row numbers as in the file', async () => {
		const { table } = ok(await readTableFile(fixture('statistik-utf8-bom.csv')));
		expect(table.format).toBe('csv');
		expect(table.encoding).toBe('utf-8-bom');
		expect(table.separator).toBe(';');
		expect(table.header).toEqual(EXPECTED_HEADER);
		expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4, 6, 7]);
		expect(table.rows[0].cells[1]).toBe('Altstadt; Innenstadt');
		expect(table.rows[1].cells[6]).toBe('–');
		expect(table.skippedEmptyRows).toBe(1);
	});

	it('reads Windows-1252 (Latin-1) and gives the same table as the UTF-8 file', async () => {
		const latin = ok(await readTableFile(fixture('statistik-latin1.csv'))).table;
		const utf8 = ok(await readTableFile(fixture('statistik-utf8-bom.csv'))).table;
		expect(latin.encoding).toBe('windows-1252');
		expect(latin.header).toEqual(utf8.header);
		expect(latin.rows).toEqual(utf8.rows);
		expect(latin.rows[2].cells[1]).toBe('Südviertel');
		expect(latin.rows[1].cells[6]).toBe('–'); // 0x96 in Windows-1252
	});

	it('treats UTF-8 without BOM as UTF-8 and a single invalid byte as Latin-1', async () => {
		const utf8 = ok(await readTableFile(Buffer.from('Name;Wert\nMünchen;1\n', 'utf8'))).table;
		expect(utf8.encoding).toBe('utf-8');
		expect(utf8.rows[0].cells[0]).toBe('München');
		const mixed = Buffer.concat([Buffer.from('Name;Wert\nM'), Buffer.from([0xfc]), Buffer.from('nchen;1\n')]);
		const latin = ok(await readTableFile(mixed)).table;
		expect(latin.encoding).toBe('windows-1252');
		expect(latin.rows[0].cells[0]).toBe('München');
	});

	it('reads UTF-16LE with BOM (Excel "Unicode text"), tab separated', async () => {
		const text = 'Gebiet\tWert\nÖstliche Vorstadt\t1,5\n';
		const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const { table } = ok(await readTableFile(bytes));
		expect(table.separator).toBe('\t');
		expect(table.rows[0].cells).toEqual(['Östliche Vorstadt', '1,5']);
	});

	it.each([
		[';', 'a;b;c\n1;2,5;3\n4;5;6\n'],
		[',', 'a,b,c\n1,"2,5",3\n4,5,6\n'],
		['\t', 'a\tb\tc\n1\t2,5\t3\n'],
		['|', 'a|b|c\n1|2,5|3\n4|5|6\n']
	])('detects the separator %j by consistent column counts, respecting quotes', async (sep, text) => {
		const { table } = ok(await readTableFile(Buffer.from(text)));
		expect(table.separator).toBe(sep);
		expect(table.header).toEqual(['a', 'b', 'c']);
		expect(table.rows[0].cells[1]).toBe('2,5');
	});

	it('detects the column conventions of an English-style file and of a German one', async () => {
		const en = ok(await readTableFile(fixture('statistik-english.csv'))).table;
		expect(en.separator).toBe(',');
		const conv = columnConventions(en);
		expect(conv[3]).toBe('point');
		expect(conv[4]).toBe('point');
		expect(parseNumber(en.rows[0].cells[3], { convention: conv[3] })).toMatchObject({ value: 12345 });
		expect(parseNumber(en.rows[2].cells[4], { convention: conv[4] })).toMatchObject({ value: 5.75 });
		const de = ok(await readTableFile(fixture('statistik-utf8-bom.csv'))).table;
		expect(columnConventions(de)[5]).toBe('comma');
	});

	it('reports duplicate and empty header names but keeps the columns', async () => {
		const r = ok(await readTableFile(Buffer.from('Gebiet;Wert;wert;;X\n1;2;3;4;5\n')));
		expect(r.table.header).toEqual(['Gebiet', 'Wert', 'wert', 'Spalte 4', 'X']);
		expect(r.issues).toEqual([
			expect.objectContaining({ code: 'headerDuplicate', severity: 'warning', column: 2, row: 1, messageKey: 'import.headerDuplicate' }),
			expect.objectContaining({ code: 'headerEmpty', column: 3 })
		]);
	});

	it('drops trailing empty columns (";;;" from Excel) and pads short rows', async () => {
		const { table } = ok(await readTableFile(Buffer.from('a;b;;;\n1;;;;\n2\n')));
		expect(table.header).toEqual(['a', 'b']);
		expect(table.rows.map((r) => r.cells)).toEqual([['1', ''], ['2', '']]);
	});

	it('refuses an empty file, a blank file and a header without data', async () => {
		expect(errorCodes(await readTableFile(Buffer.alloc(0)))).toEqual(['emptyFile']);
		expect(errorCodes(await readTableFile(Buffer.from('\r\n \n;;;\n')))).toEqual(['emptyFile']);
		expect(errorCodes(await readTableFile(Buffer.from('\uFEFF')))).toEqual(['emptyFile']);
		expect(errorCodes(await readTableFile(Buffer.from('a;b\n')))).toEqual(['noDataRows']);
	});

	it('enforces row, column and cell limits with the place', async () => {
		const many = 'a;b\n' + Array.from({ length: 20 }, (_, i) => `${i};x`).join('\n');
		expect(errorCodes(await readTableFile(Buffer.from(many), { limits: { maxRows: 10 } }))).toEqual(['tooManyRows']);
		const wide = Array.from({ length: 30 }, (_, i) => `c${i}`).join(';') + '\n' + '1;'.repeat(29) + '1\n';
		expect(errorCodes(await readTableFile(Buffer.from(wide), { limits: { maxColumns: 20 } }))).toEqual(['tooManyColumns']);
		const long = await readTableFile(Buffer.from('a;b\n1;' + 'x'.repeat(200) + '\n'), { limits: { maxCellLength: 100 } });
		expect(long.ok).toBe(false);
		expect(long.issues[0]).toMatchObject({ code: 'cellTooLong', row: 2, column: 1, columnName: 'b' });
	});

	it('refuses a 200 MB stream early, without reading it all', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 'a;b\n1;2\n');
		let produced = 0;
		let destroyed = false;
		const stream = new Readable({
			read() {
				if (produced >= 200) return this.push(null);
				produced++;
				this.push(chunk);
			},
			destroy(err, cb) {
				destroyed = true;
				cb(err);
			}
		});
		const r = await readTableFile(stream, { limits: { maxBytes: 10 * 1024 * 1024 } });
		expect(errorCodes(r)).toEqual(['fileTooLarge']);
		expect(r.issues[0].params).toEqual({ maxMb: 10 });
		expect(produced).toBeLessThanOrEqual(12); // stopped right after the limit (plus stream buffering)
		expect(destroyed).toBe(true);
	});

	it('refuses a too large upload from its announced size before reading a byte', async () => {
		let touched = false;
		const stream = (async function* () {
			touched = true;
			yield new Uint8Array(1);
		})();
		expect(errorCodes(await readTableFile(stream, { declaredSize: 200 * 1024 * 1024 }))).toEqual(['fileTooLarge']);
		expect(touched).toBe(false);
	});

	it('refuses old .xls and other binaries with a clear code', async () => {
		expect(errorCodes(await readTableFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toEqual(['xlsUnsupported']);
		expect(errorCodes(await readTableFile(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3])))).toEqual(['unsupportedFormat']);
		expect(errorCodes(await readTableFile(zipSync({ 'readme.txt': strToU8('hi') })))).toEqual(['unsupportedFormat']);
		expect(errorCodes(await readTableFile(Buffer.from('PK\x03\x04garbage')))).toEqual(['zipInvalid']);
	});

	it('turns a CSV syntax error into a structured issue with the row', async () => {
		const r = await readTableFile(Buffer.from('a;b\n1;"unterminated\n2;3\n'));
		expect(errorCodes(r)).toEqual(['csvInvalid']);
		expect(r.issues[0].params?.reason).toBeTypeOf('string');
	});
});

describe('readTableFile: XLSX (exceljs)', () => {
	it('reads the typed fixture: numbers in German notation, percent format, text markers, empty row skipped', async () => {
		const r = ok(await readTableFile(fixture('statistik.xlsx')));
		const { table } = r;
		expect(table.format).toBe('xlsx');
		expect(table.sheetNames).toEqual(['Bevölkerung', 'Quelle']);
		expect(table.header).toEqual(EXPECTED_HEADER);
		expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4, 6, 7]);
		expect(table.rows[0].cells).toEqual(['01', 'Altstadt; Innenstadt', '2023', '12345', '2100', '17 %', '410']);
		expect(table.rows[1].cells[5]).toBe('14,3 %');
		expect(table.rows[1].cells[6]).toBe('–');
		expect(table.rows[2].cells[4]).toBe('(312)');
		expect(parseNumber(table.rows[1].cells[5])).toEqual({ kind: 'number', value: 14.3, percent: true, limited: false });
	});

	it('reads another sheet by name (here a note without data rows)', async () => {
		const r = await readTableFile(fixture('statistik.xlsx'), { sheet: 'Quelle' });
		expect(errorCodes(r)).toEqual(['noDataRows']);
		expect(r.issues[0].row).toBe(1);
	});

	it('shows a merged cell once, formula results, dates as ISO', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('S');
		ws.addRow(['Gebiet', 'Stichtag', 'Summe', 'Notiz']);
		ws.addRow(['A', new Date(Date.UTC(2023, 11, 31)), { formula: '1+1', result: 2 }, 'x']);
		ws.addRow(['B', new Date(Date.UTC(2023, 11, 31)), 3.25, 'y']);
		ws.mergeCells('D2:D3');
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const { table } = ok(await readTableFile(bytes));
		expect(table.rows.map((r) => r.cells)).toEqual([
			['A', '2023-12-31', '2', 'x'],
			['B', '2023-12-31', '3,25', '']
		]);
		expect(errorCodes(await readTableFile(bytes, { sheet: 'Nope' }))).toEqual(['sheetNotFound']);
	});

	it('refuses a zip bomb before exceljs sees it (declared sizes over the limit)', async () => {
		// 20 MB of zeros compress to about 20 KB.
		const bomb = zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'xl/workbook.xml': new Uint8Array(20 * 1024 * 1024) });
		expect(bomb.length).toBeLessThan(100_000);
		const r = await readTableFile(bomb, { limits: { zip: { maxEntries: 100, maxUncompressedBytes: 5 * 1024 * 1024 } } });
		expect(errorCodes(r)).toEqual(['zipTooLarge']);
	});

	it('refuses an archive with too many entries', async () => {
		const files: Record<string, Uint8Array> = { 'xl/workbook.xml': strToU8('<x/>') };
		for (let i = 0; i < 50; i++) files[`f${i}.xml`] = strToU8('x');
		const r = await readTableFile(zipSync(files), { limits: { zip: { maxEntries: 20, maxUncompressedBytes: 1e6 } } });
		expect(errorCodes(r)).toEqual(['zipTooManyEntries']);
	});
});

describe('readTableFile: ODS (fflate + saxes, not SheetJS)', () => {
	it('reads the SheetJS-written fixture like the XLSX one', async () => {
		const { table } = ok(await readTableFile(fixture('statistik.ods')));
		expect(table.format).toBe('ods');
		expect(table.sheetNames).toEqual(['Bevölkerung', 'Quelle']);
		expect(table.header).toEqual(EXPECTED_HEADER);
		expect(table.rows).toHaveLength(5);
		expect(table.rows[0].cells.slice(0, 5)).toEqual(['01', 'Altstadt; Innenstadt', '2023', '12345', '2100']);
		expect(table.rows[1].cells[6]).toBe('–');
		expect(table.rows[3].cells[4]).toBe('.');
	});

	const content = (rows: string) =>
		`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Daten">${rows}</table:table><table:table table:name="Zweite"/></office:spreadsheet></office:body></office:document-content>`;
	const limits = { maxRows: 1000, maxColumns: 100 };

	it('handles LibreOffice structures: huge repeats of empty cells/rows, percentages, spaces, annotations, covered cells', () => {
		const xml = content(
			'<table:table-row><table:table-cell office:value-type="string"><text:p>Gebiet</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Quote</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16382"/></table:table-row>' +
				'<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>' +
				'<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>Kommentar</text:p></office:annotation><text:p>Alt<text:s text:c="2"/>stadt</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.07"><text:p>7 %</text:p></table:table-cell></table:table-row>' +
				'<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="1234.5"><text:p>1.234,50</text:p></table:table-cell><table:covered-table-cell office:value-type="string"><text:p>verdeckt</text:p></table:covered-table-cell></table:table-row>'
		);
		const read = readOdsContent(xml, undefined, limits);
		expect(read.sheetNames).toEqual(['Daten', 'Zweite']);
		expect(read.rows).toEqual([
			{ row: 1, cells: ['Gebiet', 'Quote'] },
			{ row: 1048002, cells: ['Alt  stadt', '7 %'] },
			{ row: 1048003, cells: ['1234,5'] },
			{ row: 1048004, cells: ['1234,5'] }
		]);
	});

	it('refuses malformed XML, entity tricks and too many columns with codes', async () => {
		const zip = (xml: string) => zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8(xml) });
		expect(errorCodes(await readTableFile(zip('<office:document-content><unclosed>')))).toEqual(['xmlInvalid']);
		const laughs = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + content('<table:table-row><table:table-cell><text:p>&b;</text:p></table:table-cell></table:table-row>').replace(/^<\?xml[^>]*>/, '');
		expect(errorCodes(await readTableFile(zip(laughs)))).toEqual(['xmlInvalid']);
		const wide = content('<table:table-row><table:table-cell table:number-columns-repeated="5000"><text:p>x</text:p></table:table-cell></table:table-row>');
		expect(errorCodes(await readTableFile(zip(wide), { limits: { maxColumns: 100 } }))).toEqual(['tooManyColumns']);
	});
});

describe('flag columns', () => {
	it('finds Zensus flag columns and reads KLAMMERN', () => {
		expect(detectFlagColumns(['GITTER_ID_100m', 'Einwohner', 'AnteilAuslaender', 'AnteilAuslaender_KLAMMERN', 'werterlaeuternde_Zeichen'])).toEqual([
			{ column: 3, valueColumn: 2 },
			{ column: 4, valueColumn: null }
		]);
		expect(isLimitedFlag('KLAMMERN')).toBe(true);
		expect(isLimitedFlag('()')).toBe(true);
		expect(isLimitedFlag('')).toBe(false);
	});
});
