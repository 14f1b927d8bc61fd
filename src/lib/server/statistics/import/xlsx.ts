/**
 * Reading one worksheet of an XLSX file with exceljs. exceljs unzips through JSZip, which trusts entry headers,
 * so the archive is first unzipped by us under limits (zip.ts) and handed over re-packed with true sizes.
 */
import ExcelJS from 'exceljs';
import { fail, ImportError } from './issues';
import { formatGermanNumber } from './numbers';
import type { RawRow, SheetLimits, SheetRead } from './ods';
import { rezip, unzipLimited, type ZipLimits } from './zip';

export async function readXlsx(data: Uint8Array, sheet: string | number | undefined, limits: SheetLimits, zipLimits: ZipLimits): Promise<SheetRead> {
	const files = unzipLimited(data, () => true, zipLimits);
	if (!files['xl/workbook.xml']) fail('unsupportedFormat');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(rezip(files)) as unknown as ExcelJS.Buffer);
	} catch {
		fail('xlsxInvalid');
	}
	const sheetNames = workbook.worksheets.map((w) => w.name);
	const ws = typeof sheet === 'string' ? workbook.getWorksheet(sheet) : workbook.worksheets[sheet ?? 0];
	if (!ws) return fail('sheetNotFound', {}, { sheet: String(sheet ?? 0) });
	if (ws.actualRowCount > limits.maxRows + 1) fail('tooManyRows', {}, { max: limits.maxRows });
	const rows: RawRow[] = [];
	try {
		ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
			const cells: string[] = [];
			const formulas: number[] = [];
			row.eachCell({ includeEmpty: true }, (c, col) => {
				if (col > limits.maxColumns) fail('tooManyColumns', { row: rowNumber }, { max: limits.maxColumns });
				cells[col - 1] = cellText(c);
				const v = c.value;
				if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) formulas.push(col - 1);
			});
			for (let i = 0; i < cells.length; i++) cells[i] ??= '';
			rows.push({ row: rowNumber, cells, ...(formulas.length ? { formulas } : {}) });
		});
	} catch (e) {
		if (e instanceof ImportError) throw e;
		fail('xlsxInvalid');
	}
	return { sheetNames, sheet: ws.name, rows };
}

function cellText(c: ExcelJS.Cell): string {
	// The covered part of a merged range shows nothing in Excel; exceljs would repeat the master's value.
	if (c.isMerged && c.master.address !== c.address) return '';
	return valueText(c.value, c.numFmt);
}

function valueText(v: ExcelJS.CellValue | undefined, numFmt: string | undefined): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') {
		if (numFmt && numFmt.includes('%')) return `${formatGermanNumber(Number((v * 100).toPrecision(15)))} %`;
		return formatGermanNumber(v);
	}
	if (typeof v === 'string') return v;
	if (typeof v === 'boolean') return v ? 'WAHR' : 'FALSCH';
	if (v instanceof Date) {
		const iso = v.toISOString();
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
	}
	if ('richText' in v) return v.richText.map((r) => r.text).join('');
	if ('error' in v) return String(v.error);
	if ('formula' in v || 'sharedFormula' in v) return valueText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt);
	if ('text' in v) return typeof v.text === 'string' ? v.text : valueText(v.text as ExcelJS.CellValue, numFmt);
	return '';
}
