/**
 * Downloads of every statistics table and figure: CSV in German conventions (`;`, decimal comma, UTF-8 with
 * BOM, official signs for suppressed cells), XLSX (numbers stay numbers, suppressed cells carry the sign as
 * text), SVG as rendered, PNG rasterised on the server with resvg (no browser needed). Tables handed in
 * here are already disclosure-controlled: a suppressed figure arrives as value null.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { DisclosureFlag } from '../../../domain/statistics/disclosure-symbols';
import { isSuppressed, SYMBOLS } from '../../../domain/statistics/disclosure-symbols';
import { figureText, fileSlug } from './format';
import type { Locale } from '../../../i18n/locales';

export type ExportCell = { text: string } | { value: number | null; flags?: DisclosureFlag[]; digits: number; signed?: boolean };

export interface ExportTable {
	/** file name stem and sheet name */
	name: string;
	title: string;
	columns: string[];
	rows: ExportCell[][];
	/** legend of signs, sources, notes: written below the table */
	notes: string[];
}

export const tableFormats = ['csv', 'xlsx'] as const;
export const figureFormats = ['svg', 'png'] as const;
export type DownloadFormat = (typeof tableFormats)[number] | (typeof figureFormats)[number];
export const isDownloadFormat = (f: string | null): f is DownloadFormat => f === 'csv' || f === 'xlsx' || f === 'svg' || f === 'png';

const isText = (c: ExportCell): c is { text: string } => 'text' in c;

/** What a cell looks like in a table the reader sees (or in German for CSV). */
export function cellDisplay(c: ExportCell, locale: Locale | 'csv'): string {
	return isText(c) ? c.text : figureText(c.value, c.flags ?? [], c.digits, locale, c.signed);
}

export function toCsv(t: ExportTable): string {
	const records = [t.columns, ...t.rows.map((r) => r.map((c) => cellDisplay(c, 'csv')))];
	if (t.notes.length) records.push([], ...t.notes.map((n) => [n]));
	return '\uFEFF' + stringify(records, { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[;"\r\n]/ });
}

export async function toXlsx(t: ExportTable): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Quartier';
	const ws = wb.addWorksheet(t.name.slice(0, 31) || 'Tabelle');
	ws.addRow([t.title]).font = { bold: true };
	ws.addRow([]);
	const header = ws.addRow(t.columns);
	header.font = { bold: true };
	for (const r of t.rows) {
		const row = ws.addRow(
			r.map((c) => {
				if (isText(c)) return c.text;
				if (c.value === null || isSuppressed(c.flags ?? [])) return SYMBOLS.classic.secret;
				return c.value;
			})
		);
		r.forEach((c, i) => {
			if (!isText(c) && c.value !== null && !isSuppressed(c.flags ?? [])) row.getCell(i + 1).numFmt = c.digits > 0 ? `0.${'0'.repeat(c.digits)}` : '0';
			if (!isText(c) && (c.value === null || isSuppressed(c.flags ?? []))) row.getCell(i + 1).alignment = { horizontal: 'right' };
		});
	}
	ws.columns.forEach((col, i) => (col.width = Math.min(60, Math.max(10, t.columns[i]?.length ?? 10))));
	if (t.notes.length) {
		ws.addRow([]);
		for (const n of t.notes) ws.addRow([n]);
	}
	return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rasterises an SVG (white background, twice the drawn width for sharp print). */
export async function svgToPng(svg: string): Promise<Buffer> {
	const { Resvg } = await import('@resvg/resvg-js');
	const r = new Resvg(svg, {
		background: 'white',
		fitTo: { mode: 'zoom', value: 2 },
		font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
	});
	return r.render().asPng();
}

const TYPES: Record<DownloadFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	svg: 'image/svg+xml; charset=utf-8',
	png: 'image/png'
};

/** The response for a download; `table` for csv/xlsx, `svg` for svg/png. */
export async function downloadResponse(format: DownloadFormat, name: string, what: { table?: ExportTable; svg?: string }): Promise<Response> {
	let body: string | Uint8Array<ArrayBuffer>;
	if (format === 'csv' || format === 'xlsx') {
		if (!what.table) return new Response('Not Found', { status: 404 });
		body = format === 'csv' ? toCsv(what.table) : new Uint8Array(await toXlsx(what.table)) as Uint8Array<ArrayBuffer>;
	} else {
		if (!what.svg) return new Response('Not Found', { status: 404 });
		body = format === 'svg' ? what.svg : new Uint8Array(await svgToPng(what.svg)) as Uint8Array<ArrayBuffer>;
	}
	return new Response(body, {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="${fileSlug(name)}.${format}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
