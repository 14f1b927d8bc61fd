/**
 * Reading one sheet of an OpenDocument spreadsheet (.ods) without SheetJS: the archive is unzipped under limits
 * (zip.ts) and content.xml is read with the streaming XML parser saxes, which does not expand DTD entities (no
 * "billion laughs"). Repeated empty cells and rows (LibreOffice writes `number-columns-repeated="16384"`) are
 * never materialised.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { fail, ImportError } from './issues';
import { formatGermanNumber } from './numbers';
import { unzipLimited, type ZipLimits } from './zip';

export interface RawRow {
	/** 1-based row number in the sheet. */
	row: number;
	cells: string[];
	/** 0-based columns whose cell holds a formula (the cell text is its last computed value). */
	formulas?: number[];
}

export interface SheetRead {
	sheetNames: string[];
	sheet: string;
	rows: RawRow[];
}

export interface SheetLimits {
	maxRows: number;
	maxColumns: number;
}

export const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

export function readOds(data: Uint8Array, sheet: string | number | undefined, limits: SheetLimits, zipLimits: ZipLimits): SheetRead {
	const files = unzipLimited(data, (n) => n === 'content.xml' || n === 'mimetype', zipLimits);
	const mime = files['mimetype'] ? new TextDecoder().decode(files['mimetype']).trim() : '';
	if (mime !== ODS_MIME || !files['content.xml']) fail('unsupportedFormat');
	return readOdsContent(new TextDecoder().decode(files['content.xml']), sheet, limits);
}

interface CellState {
	formula: boolean;
	repeat: number;
	value: string | null; // from office:value etc.; null = use the text
	text: string[];
	paragraphs: number;
}

/** Parses content.xml; exported for tests of odd structures. */
export function readOdsContent(xml: string, wanted: string | number | undefined, limits: SheetLimits): SheetRead {
	const parser = new SaxesParser();
	const sheetNames: string[] = [];
	const rows: RawRow[] = [];
	let inWanted = false;
	let chosen = '';
	let rowNo = 0;
	let rowRepeat = 1;
	let cells: string[] = [];
	let formulas: number[] = [];
	let pendingEmpty = 0;
	let cell: CellState | null = null;
	let annotationDepth = 0;
	let paragraphDepth = 0;

	const isWanted = (name: string, index: number) =>
		wanted === undefined ? index === 0 : typeof wanted === 'number' ? index === wanted : name === wanted;

	const pushCell = (text: string, repeat: number) => {
		if (text === '') {
			pendingEmpty += repeat;
			return;
		}
		const width = cells.length + pendingEmpty + repeat;
		if (width > limits.maxColumns) fail('tooManyColumns', { row: rowNo + 1 }, { max: limits.maxColumns });
		for (; pendingEmpty > 0; pendingEmpty--) cells.push('');
		for (let i = 0; i < repeat; i++) cells.push(text);
	};

	parser.on('opentag', (tag) => {
		const t = tag as SaxesTagPlain;
		const a = t.attributes as Record<string, string>;
		switch (t.name) {
			case 'table:table': {
				const name = a['table:name'] ?? `Tabelle${sheetNames.length + 1}`;
				inWanted = isWanted(name, sheetNames.length);
				if (inWanted) chosen = name;
				sheetNames.push(name);
				rowNo = 0;
				break;
			}
			case 'table:table-row':
				if (!inWanted) break;
				rowRepeat = Math.max(1, parseInt(a['table:number-rows-repeated'] ?? '1', 10) || 1);
				cells = [];
				formulas = [];
				pendingEmpty = 0;
				break;
			case 'table:table-cell':
			case 'table:covered-table-cell':
				if (!inWanted) break;
				cell = {
					formula: 'table:formula' in a,
					repeat: Math.max(1, parseInt(a['table:number-columns-repeated'] ?? '1', 10) || 1),
					value: t.name === 'table:covered-table-cell' ? '' : typedValue(a),
					text: [],
					paragraphs: 0
				};
				break;
			case 'office:annotation':
				annotationDepth++;
				break;
			case 'text:p':
			case 'text:h':
				paragraphDepth++;
				if (cell && annotationDepth === 0 && cell.paragraphs++ > 0) cell.text.push('\n');
				break;
			case 'text:s':
				if (cell && annotationDepth === 0) cell.text.push(' '.repeat(Math.min(1000, parseInt(a['text:c'] ?? '1', 10) || 1)));
				break;
			case 'text:tab':
				if (cell && annotationDepth === 0) cell.text.push('\t');
				break;
			case 'text:line-break':
				if (cell && annotationDepth === 0) cell.text.push('\n');
				break;
		}
	});
	parser.on('text', (text) => {
		// Only text inside paragraphs is content; whitespace between elements is layout.
		if (cell && annotationDepth === 0 && paragraphDepth > 0) cell.text.push(text);
	});
	parser.on('closetag', (tag) => {
		switch (tag.name) {
			case 'office:annotation':
				annotationDepth--;
				break;
			case 'text:p':
			case 'text:h':
				paragraphDepth--;
				break;
			case 'table:table-cell':
			case 'table:covered-table-cell':
				if (!cell) break;
				if (cell.formula) formulas.push(cells.length + pendingEmpty);
				pushCell(cell.value ?? cell.text.join(''), cell.repeat);
				cell = null;
				break;
			case 'table:table-row': {
				if (!inWanted) break;
				const first = rowNo + 1;
				rowNo += rowRepeat;
				if (cells.length === 0) break; // empty rows, however often repeated, cost nothing
				if (rows.length + rowRepeat > limits.maxRows) fail('tooManyRows', { row: first }, { max: limits.maxRows });
				for (let i = 0; i < rowRepeat; i++) rows.push({ row: first + i, cells: i === 0 ? cells : [...cells], ...(formulas.length ? { formulas } : {}) });
				break;
			}
			case 'table:table':
				inWanted = false;
				break;
		}
	});
	try {
		parser.write(xml).close();
	} catch (e) {
		if (e instanceof ImportError) throw e;
		fail('xmlInvalid');
	}
	if (sheetNames.length === 0) fail('emptyFile');
	if (!chosen) fail('sheetNotFound', {}, { sheet: String(wanted) });
	return { sheetNames, sheet: chosen, rows };
}

/** The cell's value from its typed attributes (numbers in German notation), or null for text cells. */
function typedValue(a: Record<string, string>): string | null {
	const type = a['office:value-type'] ?? a['calcext:value-type'];
	switch (type) {
		case 'float':
		case 'currency': {
			const v = Number(a['office:value']);
			return Number.isFinite(v) ? formatGermanNumber(v) : null;
		}
		case 'percentage': {
			const v = Number(a['office:value']);
			return Number.isFinite(v) ? `${formatGermanNumber(Number((v * 100).toPrecision(15)))} %` : null;
		}
		case 'date':
			return a['office:date-value'] ? a['office:date-value'].replace(/T00:00:00$/, '') : null;
		case 'time':
			return a['office:time-value'] ?? null;
		case 'boolean':
			return a['office:boolean-value'] === 'true' ? 'WAHR' : 'FALSCH';
		default:
			return null;
	}
}
