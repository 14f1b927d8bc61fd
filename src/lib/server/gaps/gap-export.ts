import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Translate } from '../../i18n';
import type { gapAnalysis } from './gap-analysis';

type Analysis = NonNullable<Awaited<ReturnType<typeof gapAnalysis>>>;
export interface GapTable {
	header: string[];
	rows: (string | number)[][];
	unmetHeader: string[];
	unmet: string[][];
	sheets: [string, string];
}

const protect = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The matrix as rows (one per field of action) and the open needs no offer reaches. */
export function gapTable(a: Analysis, t: Translate): GapTable {
	const name = new Map(a.fields.map((f) => [f.id, f.name]));
	return {
		header: ['field', 'needs', 'openNeeds', 'unmetNeeds', 'activities', 'goals', 'measures', 'kind'].map((c) => t(`gaps.col.${c}`)),
		rows: a.matrix.rows.map((r) => [name.get(r.actionFieldId) ?? '', r.needs, r.openNeeds, r.unmetNeeds, r.activities, r.goals, r.measures, t(`gaps.kind.${r.kind}`)]),
		unmetHeader: [t('gaps.col.field'), t('gaps.col.need'), t('gaps.col.language')],
		unmet: a.matrix.unmet.map((n) => [name.get(n.actionFieldId) ?? '', n.title, n.language]),
		sheets: [t('gaps.sheet.matrix'), t('gaps.sheet.unmet')]
	};
}

export function writeGapCsv(table: GapTable): Uint8Array {
	const body = stringify([table.header, ...table.rows.map((r) => r.map(protect))], { delimiter: ';', record_delimiter: '\r\n' });
	return new TextEncoder().encode('\uFEFF' + body);
}

export async function writeGapXlsx(table: GapTable): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Quartier';
	const ws = wb.addWorksheet(table.sheets[0], { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.addRow(table.header).font = { bold: true };
	for (const r of table.rows) ws.addRow(r);
	ws.getColumn(1).width = 36;
	const us = wb.addWorksheet(table.sheets[1]);
	us.addRow(table.unmetHeader).font = { bold: true };
	for (const r of table.unmet) us.addRow(r);
	us.getColumn(2).width = 60;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
