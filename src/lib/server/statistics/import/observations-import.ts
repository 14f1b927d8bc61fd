/**
 * Turning parsed table rows plus a column mapping into validated observation records (indicator × area ×
 * period → value, numerator, denominator, flags) and a row-by-row report. Pure and deterministic: no database,
 * same input → same output, records in file order.
 *
 * What is reported (with row, column and the cell's text):
 *  - areas that match no known area (with close-name suggestions) or more than one,
 *  - text in number columns, invalid periods,
 *  - duplicate rows (the same indicator/area/period twice in the file: the first is kept, later ones are errors),
 *  - negative counts, numerator greater than denominator (for shares).
 */
import { IssueList, makeIssue, type ImportIssue } from './issues';
import { indexAreas, matchArea, suggestAreas, type AreaKey, type AreaSuggestion, type KnownArea } from './area-matching';
import { parseNumber, type DecimalConvention } from './numbers';
import { isLimitedFlag } from './table-file';

export type { KnownArea } from './area-matching';

export interface KnownIndicator {
	key: string;
	/** count: must not be negative; share: numerator ≤ denominator, value derivable from them; other: no check. */
	kind: 'count' | 'share' | 'other';
	/** For shares: the value is numerator / denominator × scale (100 for per cent). */
	scale?: number;
}

export interface ValueColumn {
	/** The value's column; may be left out for a share given only by numerator and denominator. */
	column?: number;
	indicatorKey: string;
	numeratorColumn?: number;
	denominatorColumn?: number;
	/** A column whose cells flag this value (see {@link parseFlags}). */
	flagColumn?: number;
}

export interface ObservationMapping {
	area: { column: number; by: AreaKey };
	period: { column: number } | { fixed: string };
	values: ValueColumn[];
	/** Columns whose flags apply to every value of the row (e.g. Zensus `werterlaeuternde_Zeichen`). */
	rowFlagColumns?: number[];
	/** Per column; default German (comma) for every column. Use table-file's columnConventions(). */
	conventions?: DecimalConvention[];
	/** "–" means zero (DESTATIS) instead of suppressed (Zensus grid). */
	dashMeansZero?: boolean;
	/**
	 * 'skip': rows whose area matches no known area are left out and reported as warnings (the user chose to
	 * import the rest); default 'error': they block the import.
	 */
	unmatchedAreas?: 'error' | 'skip';
}

export interface ObservationFlags {
	suppressed: boolean;
	estimated: boolean;
	provisional: boolean;
	/** Limited reliability: value in brackets or flagged KLAMMERN. */
	limited: boolean;
}

export interface ObservationRecord {
	indicatorKey: string;
	areaId: string;
	period: string;
	/** null when suppressed. */
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	flags: ObservationFlags;
	/** Row in the file, for the report. */
	row: number;
}

export interface UnmatchedArea {
	value: string;
	rows: number[];
	suggestions: AreaSuggestion[];
}

export interface DuplicateObservation {
	indicatorKey: string;
	areaId: string;
	period: string;
	rows: number[];
}

export interface ObservationImportResult {
	records: ObservationRecord[];
	issues: ImportIssue[];
	/** How many issues of each code, including those beyond the per-code cap of `issues`. */
	issueCounts: Record<string, number>;
	unmatchedAreas: UnmatchedArea[];
	duplicates: DuplicateObservation[];
	/** Rows skipped because their area or period was unusable. */
	skippedRows: number;
	/** Value cells left empty (no observation). */
	emptyValues: number;
}

export interface ObservationInput {
	header: string[];
	rows: { row: number; cells: string[] }[];
	mapping: ObservationMapping;
	areas: KnownArea[];
	indicators: KnownIndicator[];
}

const NO_FLAGS: ObservationFlags = { suppressed: false, estimated: false, provisional: false, limited: false };

export function importObservations(input: ObservationInput): ObservationImportResult {
	const { header, rows, mapping } = input;
	const issues = new IssueList();
	const areaIndex = indexAreas(input.areas);
	const indicators = new Map(input.indicators.map((i) => [i.key, i]));
	const unmatched = new Map<string, number[]>();
	const firstRow = new Map<string, number>();
	const duplicates = new Map<string, DuplicateObservation>();
	const records: ObservationRecord[] = [];
	let skippedRows = 0;
	let emptyValues = 0;

	const place = (row: number, column: number) => ({ row, column, columnName: header[column] });
	/** The column that stands for a value in the report: its own, else its numerator's or denominator's. */
	const mainColumn = (v: ValueColumn) => (v.column ?? v.numeratorColumn ?? v.denominatorColumn)!;
	for (const v of mapping.values) {
		if (!indicators.has(v.indicatorKey)) issues.add(makeIssue('indicatorUnknown', 'error', { column: mainColumn(v), columnName: header[mainColumn(v)] }, { indicator: v.indicatorKey }));
		else if (v.column === undefined && (v.numeratorColumn === undefined || v.denominatorColumn === undefined))
			issues.add(makeIssue('valueColumnMissing', 'error', { column: mainColumn(v), columnName: header[mainColumn(v)] }, { indicator: v.indicatorKey }));
	}
	if (issues.hasErrors) return result();

	for (const { row, cells } of rows) {
		const areaText = (cells[mapping.area.column] ?? '').trim();
		const areaId = resolveArea(row, areaText);
		const period = resolvePeriod(row, cells);
		if (areaId === null || period === null) {
			skippedRows++;
			continue;
		}
		const rowFlags = (mapping.rowFlagColumns ?? []).reduce((f, c) => mergeFlags(f, parseFlags(cells[c] ?? '')), NO_FLAGS);
		for (const vc of mapping.values) {
			const rec = readValue(row, cells, vc, indicators.get(vc.indicatorKey)!, rowFlags);
			if (!rec) continue;
			const key = `${vc.indicatorKey}\u0000${areaId}\u0000${period}`;
			const first = firstRow.get(key);
			if (first !== undefined) {
				const d = duplicates.get(key) ?? { indicatorKey: vc.indicatorKey, areaId, period, rows: [first] };
				d.rows.push(row);
				duplicates.set(key, d);
				issues.add(makeIssue('duplicateObservation', 'error', place(row, mainColumn(vc)), { firstRow: first, indicator: vc.indicatorKey, period }));
				continue;
			}
			firstRow.set(key, row);
			records.push({ indicatorKey: vc.indicatorKey, areaId, period, row, ...rec });
		}
	}
	return result();

	function result(): ObservationImportResult {
		return {
			records,
			issues: issues.items,
			issueCounts: issues.counts(),
			unmatchedAreas: [...unmatched].map(([value, rs]) => ({ value, rows: rs, suggestions: suggestAreas(areaIndex, value) })),
			duplicates: [...duplicates.values()],
			skippedRows,
			emptyValues
		};
	}

	function resolveArea(row: number, text: string): string | null {
		const column = mapping.area.column;
		if (text === '') {
			issues.add(makeIssue('areaMissing', 'error', place(row, column)));
			return null;
		}
		const m = matchArea(areaIndex, text, mapping.area.by);
		if (m.kind === 'matched') return m.area.id;
		if (m.kind === 'ambiguous') {
			issues.add(makeIssue('areaAmbiguous', 'error', place(row, column), { value: text, candidates: m.candidates.map((a) => a.name).join(', ') }));
			return null;
		}
		const list = unmatched.get(text);
		if (list) list.push(row);
		else unmatched.set(text, [row]);
		issues.add(makeIssue('areaUnmatched', mapping.unmatchedAreas === 'skip' ? 'warning' : 'error', place(row, column), { value: text }));
		return null;
	}

	function resolvePeriod(row: number, cells: string[]): string | null {
		if ('fixed' in mapping.period) return normalizePeriod(mapping.period.fixed);
		const text = (cells[mapping.period.column] ?? '').trim();
		const p = normalizePeriod(text);
		if (p === null) issues.add(makeIssue('periodInvalid', 'error', place(row, mapping.period.column), { value: text }));
		return p;
	}

	function num(row: number, cells: string[], column: number | undefined): { value: number | null; flags: ObservationFlags; state: 'ok' | 'empty' | 'bad' } {
		if (column === undefined) return { value: null, flags: NO_FLAGS, state: 'empty' };
		const raw = cells[column] ?? '';
		const { text, flags: suffixFlags } = splitFlagSuffix(raw);
		const p = parseNumber(text, { convention: mapping.conventions?.[column], dashMeansZero: mapping.dashMeansZero });
		switch (p.kind) {
			case 'number':
				return { value: p.value, flags: { ...suffixFlags, limited: suffixFlags.limited || p.limited }, state: 'ok' };
			case 'suppressed':
				return { value: null, flags: { ...suffixFlags, suppressed: true }, state: 'ok' };
			case 'empty':
				return { value: null, flags: NO_FLAGS, state: 'empty' };
			default:
				issues.add(makeIssue('valueNotNumber', 'error', place(row, column), { value: raw.trim().slice(0, 100) }));
				return { value: null, flags: NO_FLAGS, state: 'bad' };
		}
	}

	function readValue(row: number, cells: string[], vc: ValueColumn, ind: KnownIndicator, rowFlags: ObservationFlags) {
		const v = num(row, cells, vc.column);
		const n = num(row, cells, vc.numeratorColumn);
		const d = num(row, cells, vc.denominatorColumn);
		if (v.state === 'bad' || n.state === 'bad' || d.state === 'bad') return null;
		let value = v.value;
		let flags = mergeFlags(mergeFlags(rowFlags, v.flags), vc.flagColumn === undefined ? NO_FLAGS : parseFlags(cells[vc.flagColumn] ?? ''));
		if (v.state === 'empty') {
			// A share may come as numerator and denominator only.
			if (ind.kind === 'share' && n.value !== null && d.value !== null && d.value !== 0) value = (n.value / d.value) * (ind.scale ?? 100);
			else if (n.flags.suppressed || d.flags.suppressed) flags = { ...flags, suppressed: true };
			else {
				emptyValues++;
				return null;
			}
		}
		if (flags.suppressed) value = null;
		const at = (c: number) => place(row, c);
		if (ind.kind === 'count' && value !== null && value < 0 && vc.column !== undefined) issues.add(makeIssue('negativeCount', 'error', at(vc.column), { value: cells[vc.column].trim() }));
		for (const [x, c] of [[n.value, vc.numeratorColumn], [d.value, vc.denominatorColumn]] as const)
			if (x !== null && x < 0 && c !== undefined) issues.add(makeIssue('negativeCount', 'error', at(c), { value: cells[c].trim() }));
		if (n.value !== null && d.value !== null && n.value > d.value && ind.kind === 'share')
			issues.add(makeIssue('numeratorExceedsDenominator', 'error', at(vc.numeratorColumn!), { numerator: n.value, denominator: d.value }));
		return { value, numerator: n.value, denominator: d.value, flags };
	}
}

/** Periods: a year ("2023"), a month ("2023-06"), a day ("2023-12-31" or "31.12.2023"). Other text → null. */
export function normalizePeriod(text: string): string | null {
	const t = text.trim();
	if (/^(19|20|21)\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(t)) return t;
	const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
	if (de) {
		const [d, m, y] = [Number(de[1]), Number(de[2]), de[3]];
		if (m >= 1 && m <= 12 && d >= 1 && d <= 31) return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	}
	return null;
}

/**
 * Flags written in a flag column or after a value, as in official tables: p = provisional (vorläufig),
 * s / e / g = estimated (geschätzt), KLAMMERN or () = limited reliability, "." / geheim = suppressed.
 */
export function parseFlags(text: string): ObservationFlags {
	const t = text.trim().toLowerCase();
	if (t === '') return NO_FLAGS;
	const tokens = t.split(/[\s,;/]+/);
	const has = (...xs: string[]) => tokens.some((x) => xs.includes(x));
	return {
		provisional: has('p', 'vorläufig', 'vorlaeufig', 'provisional'),
		estimated: has('s', 'e', 'g', 'geschätzt', 'geschaetzt', 'estimated', 'schätzung'),
		limited: isLimitedFlag(t),
		suppressed: has('.', 'geheim', 'gesperrt', 'suppressed', 'x')
	};
}

/** "1.234p" or "1 234 s" → the number text and its flags. */
function splitFlagSuffix(raw: string): { text: string; flags: ObservationFlags } {
	const m = /^(.*\d\)?)\s*([pse])$/i.exec(raw.trim());
	return m ? { text: m[1], flags: parseFlags(m[2]) } : { text: raw, flags: NO_FLAGS };
}

function mergeFlags(a: ObservationFlags, b: ObservationFlags): ObservationFlags {
	return {
		suppressed: a.suppressed || b.suppressed,
		estimated: a.estimated || b.estimated,
		provisional: a.provisional || b.provisional,
		limited: a.limited || b.limited
	};
}
