/**
 * Reading a tabular upload (CSV, XLSX, ODS) into a header and rows of strings, with a report of what is wrong
 * where. No database access. Numbers stay strings here; {@link columnConventions} and numbers.ts interpret them,
 * so the preview shows exactly what the file says.
 *
 * Spreadsheet cells typed as numbers are written the German way ("1234,5", "12,5 %"), so every format reaches
 * the mapping step in one notation.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { ImportError, IssueList, fail, hasErrors, makeIssue, type ImportIssue } from './issues';
import { MB, readUpload, type UploadInput } from './input';
import { decimalVotes, type DecimalConvention } from './numbers';
import { readOds, type RawRow, type SheetRead } from './ods';
import { decodeText, detectSeparator, type Separator, type TextEncodingName } from './text-decoding';
import { readXlsx } from './xlsx';
import { isZip, listZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

export type TableFormat = 'csv' | 'xlsx' | 'ods';

export interface TableLimits {
	/** Size of the uploaded file. */
	maxBytes: number;
	/** Data rows, header excluded. */
	maxRows: number;
	maxColumns: number;
	/** Characters per cell. */
	maxCellLength: number;
	zip: ZipLimits;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = {
	maxBytes: 50 * MB,
	maxRows: 500_000,
	maxColumns: 500,
	maxCellLength: 10_000,
	zip: { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 150 * MB }
};

export interface TableRow {
	/** 1-based row number in the file as an editor or spreadsheet program shows it. */
	row: number;
	/** One string per header column (missing cells are ''). */
	cells: string[];
	/** 0-based columns holding a formula in a spreadsheet (their cells carry the last computed value). */
	formulas?: number[];
}

export interface TableFile {
	format: TableFormat;
	encoding?: TextEncodingName;
	separator?: Separator;
	sheetNames?: string[];
	sheet?: string;
	/** Header names, trimmed; a column without a name is called "Spalte N". */
	header: string[];
	/** Row number of the header. */
	headerRow: number;
	rows: TableRow[];
	skippedEmptyRows: number;
}

export type TableFileResult =
	| { ok: true; table: TableFile; issues: ImportIssue[] }
	| { ok: false; issues: ImportIssue[] };

export interface ReadTableOptions {
	/** Used only as a hint; the content decides (magic bytes). */
	filename?: string;
	/** Size the client announced: a too large upload is refused before reading. */
	declaredSize?: number;
	/** Worksheet name or 0-based index (XLSX, ODS); default the first. */
	sheet?: string | number;
	/** Force a CSV separator instead of detecting it. */
	separator?: Separator;
	limits?: Partial<TableLimits>;
}

/** Reads an upload. Never throws for bad input: every problem is in `issues`. */
export async function readTableFile(input: UploadInput, opts: ReadTableOptions = {}): Promise<TableFileResult> {
	const limits: TableLimits = { ...DEFAULT_TABLE_LIMITS, ...opts.limits };
	try {
		const bytes = await readUpload(input, { maxBytes: limits.maxBytes, declaredSize: opts.declaredSize });
		return await readTableBytes(bytes, opts, limits);
	} catch (e) {
		if (e instanceof ImportError) return { ok: false, issues: [e.issue] };
		throw e; // a bug of ours, not bad input
	}
}

async function readTableBytes(bytes: Uint8Array, opts: ReadTableOptions, limits: TableLimits): Promise<TableFileResult> {
	if (bytes.length === 0 || isBlank(bytes)) fail('emptyFile');
	const format = sniffFormat(bytes, limits.zip);
	const sheetLimits = { maxRows: limits.maxRows + 1, maxColumns: limits.maxColumns };
	let read: SheetRead;
	let meta: Partial<TableFile> = {};
	const issues = new IssueList();
	if (format === 'ods') read = await Promise.resolve(readOds(bytes, opts.sheet, sheetLimits, limits.zip));
	else if (format === 'xlsx') read = await readXlsx(bytes, opts.sheet, sheetLimits, limits.zip);
	else {
		const csv = readCsv(bytes, opts.separator, limits, issues);
		read = { sheetNames: [], sheet: '', rows: csv.rows };
		meta = { encoding: csv.encoding, separator: csv.separator };
	}
	if (format !== 'csv') meta = { sheetNames: read.sheetNames, sheet: read.sheet };
	const table = shapeTable(read.rows, limits, issues);
	const all = issues.items;
	if (hasErrors(all)) return { ok: false, issues: all };
	return { ok: true, table: { format, ...meta, ...table }, issues: all };
}

function isBlank(bytes: Uint8Array): boolean {
	const n = Math.min(bytes.length, 4096);
	for (let i = 0; i < n; i++) {
		const b = bytes[i];
		if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf) return false;
	}
	return bytes.length <= 4096;
}

/** By content: ZIP archives are told apart by their entries; legacy .xls and other binaries are refused. */
export function sniffFormat(bytes: Uint8Array, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): TableFormat {
	if (isZip(bytes)) {
		const names = new Set(listZip(bytes, zipLimits).map((e) => e.name));
		if (names.has('content.xml') && names.has('mimetype')) return 'ods';
		if (names.has('xl/workbook.xml')) return 'xlsx';
		return fail('unsupportedFormat');
	}
	// OLE2 (old .xls), PDF, and anything with NUL bytes in the start is not a text table (UTF-16 has a BOM).
	const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
	if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return fail('xlsUnsupported');
	if (!utf16 && bytes.subarray(0, 8192).includes(0)) return fail('unsupportedFormat');
	return 'csv';
}

interface CsvRead {
	rows: RawRow[];
	encoding: TextEncodingName;
	separator: Separator;
}

function readCsv(bytes: Uint8Array, forced: Separator | undefined, limits: TableLimits, issues: IssueList): CsvRead {
	const { text, encoding } = decodeText(bytes);
	if (text.trim() === '') fail('emptyFile');
	const separator = forced ?? detectSeparator(text.slice(0, 256 * 1024));
	if (!separator) {
		// One column is legal (a list of codes), but far more often it is an unknown separator: say so.
		issues.add(makeIssue('separatorNotDetected', 'warning'));
	}
	const rows: RawRow[] = [];
	let filled = 0;
	try {
		const records = parseCsv(text, {
			delimiter: separator ?? ';',
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: false,
			info: true,
			max_record_size: limits.maxCellLength * limits.maxColumns
		}) as unknown as { record: string[]; info: { lines: number; records: number } }[];
		for (const { record, info } of records) {
			if (record.length > limits.maxColumns) fail('tooManyColumns', { row: info.lines }, { max: limits.maxColumns });
			if (!record.every((c) => c.trim() === '') && ++filled > limits.maxRows + 1) fail('tooManyRows', { row: info.lines }, { max: limits.maxRows });
			// info.lines is the line where the record ends; for one-line records that is its line.
			rows.push({ row: info.lines, cells: record });
		}
	} catch (e) {
		if (e instanceof ImportError) throw e;
		const line = e instanceof CsvError ? Number((e as unknown as { lines?: number }).lines) || undefined : undefined;
		fail('csvInvalid', line ? { row: line } : {}, { reason: e instanceof CsvError ? e.code : 'unknown' });
	}
	return { rows, encoding, separator: separator ?? ';' };
}

/**
 * Common to all formats: skips empty rows, takes the first non-empty row as header, names unnamed columns,
 * reports duplicate names, drops trailing columns that are empty everywhere, pads rows, checks cell length.
 */
function shapeTable(raw: RawRow[], limits: TableLimits, issues: IssueList): Omit<TableFile, 'format'> {
	const nonEmpty = raw.filter((r) => r.cells.some((c) => c.trim() !== ''));
	const skippedEmptyRows = raw.length - nonEmpty.length;
	if (nonEmpty.length === 0) fail('emptyFile');
	const [headerRaw, ...data] = nonEmpty;
	if (data.length > limits.maxRows) fail('tooManyRows', { row: data[limits.maxRows].row }, { max: limits.maxRows });
	let width = lastFilled(headerRaw.cells);
	for (const r of data) width = Math.max(width, lastFilled(r.cells));
	if (width > limits.maxColumns) fail('tooManyColumns', {}, { max: limits.maxColumns });

	const header: string[] = [];
	const seen = new Map<string, number>();
	for (let c = 0; c < width; c++) {
		let name = (headerRaw.cells[c] ?? '').replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim();
		if (name === '') {
			name = `Spalte ${c + 1}`;
			issues.add(makeIssue('headerEmpty', 'warning', { row: headerRaw.row, column: c, columnName: name }));
		}
		const key = name.toLocaleLowerCase('de');
		const first = seen.get(key);
		if (first !== undefined)
			issues.add(makeIssue('headerDuplicate', 'warning', { row: headerRaw.row, column: c, columnName: name }, { firstColumn: first + 1 }));
		else seen.set(key, c);
		header.push(name);
	}

	const rows: TableRow[] = data.map((r) => {
		const cells = r.cells.slice(0, width);
		while (cells.length < width) cells.push('');
		cells.forEach((v, c) => {
			if (v.length > limits.maxCellLength)
				issues.add(makeIssue('cellTooLong', 'error', { row: r.row, column: c, columnName: header[c] }, { max: limits.maxCellLength }));
		});
		return { row: r.row, cells, ...(r.formulas?.length ? { formulas: r.formulas.filter((c) => c < width) } : {}) };
	});
	if (rows.length === 0) issues.add(makeIssue('noDataRows', 'error', { row: headerRaw.row }));
	return { header, headerRow: headerRaw.row, rows, skippedEmptyRows };
}

function lastFilled(cells: string[]): number {
	for (let i = cells.length - 1; i >= 0; i--) if (cells[i].trim() !== '') return i + 1;
	return 0;
}

/**
 * The decimal convention of each column, detected from its values (see numbers.ts). A column whose values are
 * all ambiguous ("12,345") follows the file: the convention most columns voted for, German when none did.
 */
export function columnConventions(table: Pick<TableFile, 'header' | 'rows'>): DecimalConvention[] {
	const votes = table.header.map((_, c) => decimalVotes(table.rows.map((r) => r.cells[c])));
	const fileComma = votes.filter((v) => v.comma > v.point).length;
	const filePoint = votes.filter((v) => v.point > v.comma).length;
	const fileConvention: DecimalConvention = filePoint > fileComma ? 'point' : 'comma';
	return votes.map((v) => (v.point > v.comma ? 'point' : v.comma > v.point ? 'comma' : fileConvention));
}

export interface FlagColumn {
	/** Index of the flag column. */
	column: number;
	/** Index of the value column it qualifies, or null when it qualifies every value column of its row. */
	valueColumn: number | null;
}

/**
 * Columns that carry flags instead of values, as the Zensus 2022 files do: `werterlaeuternde_Zeichen` (for the
 * whole row) and `<Wert>_KLAMMERN` / `KLAMMERN_<Wert>` (for one column). A flag value "KLAMMERN" or "()" means
 * "limited reliability", as a value in brackets does in printed tables.
 */
export function detectFlagColumns(header: string[]): FlagColumn[] {
	const index = new Map(header.map((h, i) => [h.toLowerCase(), i]));
	const out: FlagColumn[] = [];
	header.forEach((h, column) => {
		const lower = h.toLowerCase();
		if (lower === 'werterlaeuternde_zeichen' || lower === 'werterläuternde zeichen') out.push({ column, valueColumn: null });
		else {
			const m = /^(.+)_klammern$/.exec(lower) ?? /^klammern_(.+)$/.exec(lower);
			if (m) out.push({ column, valueColumn: index.get(m[1]) ?? null });
		}
	});
	return out;
}

/** True when a flag cell marks limited reliability. */
export const isLimitedFlag = (v: string) => /klammern|\(\s*\)/i.test(v);

export type { ImportIssue } from './issues';
