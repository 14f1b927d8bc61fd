/**
 * Writing a working paper as CSV (German spreadsheet conventions), XLSX (exceljs) and ODS (OpenDocument,
 * written directly: content.xml, styles, manifest; the mimetype entry first and uncompressed as the standard
 * requires). All three open in LibreOffice and Excel without a repair prompt; the tests convert each with
 * LibreOffice to prove it.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import type { Cell, Sheet } from './rows';

export type WorkpaperFormat = 'xlsx' | 'ods' | 'csv';
export const workpaperFormats: readonly WorkpaperFormat[] = ['xlsx', 'ods', 'csv'];

export const contentTypes: Record<WorkpaperFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	csv: 'text/csv; charset=utf-8'
};

const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const germanAmount = (cents: number) => {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
};
/** Text that a spreadsheet would take for a formula gets a protecting apostrophe in CSV (read back by unprotect). */
const protect = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

function csvCell(c: Cell): string {
	switch (c.kind) {
		case 'empty':
			return '';
		case 'text':
			return protect(c.value);
		case 'date':
			return germanDate(c.value);
		case 'money':
			return germanAmount(c.cents);
		case 'number':
			return String(c.value).replace('.', ',');
	}
}

/** Semicolon-separated, decimal comma, dates TT.MM.JJJJ, UTF-8 with BOM, CRLF: what German Excel expects. */
export function writeCsv(sheet: Sheet): Uint8Array {
	const body = stringify([sheet.header, ...sheet.rows.map((r) => r.map(csvCell))], { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[;"\r\n]/ });
	return strToU8('\uFEFF' + body);
}

const dateOf = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
};

export async function writeXlsx(sheets: Sheet[], title: string): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Quartier';
	wb.title = title;
	wb.created = new Date(0);
	wb.modified = new Date(0);
	for (const [i, sheet] of sheets.entries()) {
		const ws = wb.addWorksheet(sheet.name.slice(0, 31), i === 0 ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
		ws.columns = sheet.header.map((h, c) => ({ header: h, width: sheet.widths[c] ?? 20 }));
		ws.getRow(1).font = { bold: true };
		for (const row of sheet.rows) {
			const r = ws.addRow(
				row.map((c) => {
					switch (c.kind) {
						case 'empty':
							return null;
						case 'text':
							return c.value;
						case 'date':
							return dateOf(c.value);
						case 'money':
							return c.cents / 100;
						case 'number':
							return c.value;
					}
				})
			);
			row.forEach((c, col) => {
				const cell = r.getCell(col + 1);
				if (c.kind === 'date') cell.numFmt = 'DD.MM.YYYY';
				else if (c.kind === 'money') cell.numFmt = '#,##0.00 "€"';
				else if (c.kind === 'text') cell.alignment = { wrapText: c.value.length > 60 || c.value.includes('\n'), vertical: 'top' };
			});
		}
		if (i === 0 && sheet.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.header.length } };
	}
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const xml = (s: string) =>
	s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		// Characters XML 1.0 does not allow (control characters other than tab, newline, carriage return).
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** Text with line breaks as paragraphs, runs of spaces as text:s, tabs as text:tab (ODF whitespace rules). */
function odsParagraphs(value: string): string {
	return value
		.split('\n')
		.map((line) => {
			const body = xml(line)
				.replace(/\t/g, '<text:tab/>')
				.replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`)
				.replace(/^ /, '<text:s/>');
			return `<text:p>${body}</text:p>`;
		})
		.join('');
}

function odsCell(c: Cell, header = false): string {
	const style = header ? ' table:style-name="ceHead"' : '';
	switch (c.kind) {
		case 'empty':
			return `<table:table-cell${style}/>`;
		case 'text':
			return `<table:table-cell${style} office:value-type="string" calcext:value-type="string">${odsParagraphs(c.value)}</table:table-cell>`;
		case 'date':
			return `<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="${c.value}" calcext:value-type="date"><text:p>${germanDate(c.value)}</text:p></table:table-cell>`;
		case 'money': {
			const v = (c.cents / 100).toFixed(2);
			return `<table:table-cell table:style-name="ceMoney" office:value-type="float" office:value="${v}" calcext:value-type="float"><text:p>${germanAmount(c.cents)} €</text:p></table:table-cell>`;
		}
		case 'number':
			return `<table:table-cell office:value-type="float" office:value="${c.value}" calcext:value-type="float"><text:p>${String(c.value).replace('.', ',')}</text:p></table:table-cell>`;
	}
}

const NS =
	'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
	'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
	'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" ' +
	'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
	'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"';

export function writeOds(sheets: Sheet[], title: string): Uint8Array {
	const colStyles = sheets.flatMap((s, si) =>
		s.widths.map((w, ci) => `<style:style style:name="co${si}_${ci}" style:family="table-column"><style:table-column-properties style:column-width="${(w * 0.21).toFixed(2)}cm"/></style:style>`)
	);
	const tables = sheets.map((s, si) => {
		const cols = s.widths.map((_, ci) => `<table:table-column table:style-name="co${si}_${ci}"/>`).join('');
		const head = `<table:table-row>${s.header.map((h) => odsCell({ kind: 'text', value: h }, true)).join('')}</table:table-row>`;
		const body = s.rows.map((r) => `<table:table-row>${r.map((c) => odsCell(c)).join('')}</table:table-row>`).join('');
		return `<table:table table:name="${xml(s.name.slice(0, 31))}">${cols}${head}${body}</table:table>`;
	});
	const content =
		`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}>` +
		`<office:automatic-styles>` +
		`<number:date-style style:name="nDate"><number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>` +
		`<number:number-style style:name="nMoney"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/><number:text> €</number:text></number:number-style>` +
		`<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="nDate"/>` +
		`<style:style style:name="ceMoney" style:family="table-cell" style:data-style-name="nMoney"/>` +
		`<style:style style:name="ceHead" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>` +
		colStyles.join('') +
		`</office:automatic-styles><office:body><office:spreadsheet>${tables.join('')}</office:spreadsheet></office:body></office:document-content>`;
	const styles = `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}><office:styles/></office:document-styles>`;
	const meta =
		`<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${NS}><office:meta>` +
		`<meta:generator>Quartier</meta:generator><dc:title>${xml(title)}</dc:title><dc:language>de-DE</dc:language></office:meta></office:document-meta>`;
	const manifest =
		`<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`;
	// fflate keeps insertion order: mimetype first, stored (level 0), as ODF requires.
	return zipSync(
		{
			mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
			'content.xml': strToU8(content),
			'styles.xml': strToU8(styles),
			'meta.xml': strToU8(meta),
			'META-INF/manifest.xml': strToU8(manifest)
		},
		{ level: 6, mtime: new Date('2000-01-01T00:00:00Z') }
	);
}
