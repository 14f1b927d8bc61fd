/**
 * Statistical disclosure control for tables of counts, applied wherever figures leave the database.
 *
 * 1. Primary suppression: a count below the indicator's minimum (default 3) could identify people
 *    ("2 unemployed in this street block"). Zero is shown by default ("nobody" reveals nothing about
 *    a person) but can be treated as sensitive too. Margins (totals) are counts as well and follow
 *    the same rule.
 * 2. Secondary (complementary) suppression: a total minus the shown cells gives back a lone
 *    suppressed cell. Every table line (a row or column with its total: total = Σ cells) that has a
 *    suppressed member must therefore have at least two; we add the smallest remaining member of such
 *    a line (inner cells before totals, so the totals people look for stay visible), and repeat until
 *    no line changes, because a new suppression can leave a single one in the crossing line.
 * 3. Shares: a share whose numerator or denominator is suppressed is suppressed too.
 *
 * Guarantee (checked by property tests): no shown cell is below the minimum, and no suppressed value
 * follows from any single line equation with exactly one unknown. Not guaranteed: protection against
 * combining several equations (linear programming on the whole table) — that needs the optimisation
 * methods of τ-ARGUS and is out of scope for the small tables a district profile shows.
 */
import { isSuppressed, type DisclosureFlag } from './disclosure-symbols';

export interface DisclosureRule {
	/** counts 0 < n < minCount are suppressed (default 3) */
	minCount?: number;
	/** also suppress exact zeros (default false: zeros are shown) */
	suppressZero?: boolean;
}

export interface DisclosedCell {
	/** the true count when shown, null when suppressed */
	value: number | null;
	flags: DisclosureFlag[];
}

/** Which totals a two-dimensional table publishes. */
export type Margins = 'none' | 'rows' | 'columns' | 'both';

export interface DisclosedTable {
	cells: DisclosedCell[][];
	/** one per row, when the table publishes row totals */
	rowTotals: DisclosedCell[] | null;
	/** one per column, when the table publishes column totals */
	columnTotals: DisclosedCell[] | null;
	/** only with margins 'both' */
	grandTotal: DisclosedCell | null;
}

/** Flags that came with the input (estimated, provisional, revised), per inner cell. */
export type InputFlags = readonly (readonly (readonly DisclosureFlag[])[])[];

const DEFAULT_MIN = 3;

export function isPrimarySensitive(count: number, rule: DisclosureRule = {}): boolean {
	const min = rule.minCount ?? DEFAULT_MIN;
	if (count === 0) return rule.suppressZero === true;
	return count < min;
}

/** A grid slot: inner cells and margins alike, so totals take part in the line equations. */
interface Slot {
	value: number;
	margin: boolean;
	flags: DisclosureFlag[];
}

/** Two-dimensional table with the chosen margins. */
export function suppressTable(cells: readonly (readonly number[])[], margins: Margins, rule: DisclosureRule = {}, inputFlags?: InputFlags): DisclosedTable {
	validateCounts(cells, rule);
	const rows = cells.length;
	const cols = rows > 0 ? cells[0].length : 0;
	const withRowTotals = margins === 'rows' || margins === 'both';
	const withColTotals = margins === 'columns' || margins === 'both';
	// Grid of (rows + 1) × (cols + 1): the last column holds row totals, the last row column totals.
	const grid: (Slot | null)[][] = [];
	for (let r = 0; r <= rows; r++) {
		const line: (Slot | null)[] = [];
		for (let c = 0; c <= cols; c++) line.push(slotAt(cells, r, c, rows, cols, withRowTotals, withColTotals, inputFlags));
		grid.push(line);
	}
	const lines = lineEquations(rows, cols, withRowTotals, withColTotals);
	applyPrimary(grid, rule);
	applySecondary(grid, lines);
	return {
		cells: grid.slice(0, rows).map((line) => line.slice(0, cols).map((s) => publish(s as Slot))),
		rowTotals: withRowTotals ? grid.slice(0, rows).map((line) => publish(line[cols] as Slot)) : null,
		columnTotals: withColTotals ? grid[rows].slice(0, cols).map((s) => publish(s as Slot)) : null,
		grandTotal: margins === 'both' ? publish(grid[rows][cols] as Slot) : null
	};
}

/** One-dimensional table (e.g. age groups of one district) with its total. */
export function suppressSeries(counts: readonly number[], rule: DisclosureRule = {}, inputFlags?: readonly (readonly DisclosureFlag[])[]): { cells: DisclosedCell[]; total: DisclosedCell } {
	const t = suppressTable([counts], 'rows', rule, inputFlags ? [inputFlags] : undefined);
	return { cells: t.cells[0], total: (t.rowTotals as DisclosedCell[])[0] };
}

/**
 * A share (e.g. per cent) computed from two disclosed counts. Suppressed when either count is
 * suppressed (the share would give the suppressed count back) or when the denominator is 0.
 * Flags of the counts (estimated, provisional, revised) carry over to the share.
 */
export function discloseShare(numerator: DisclosedCell, denominator: DisclosedCell, scale = 100): DisclosedCell {
	const carried = [...new Set([...numerator.flags, ...denominator.flags].filter((f) => f !== 'suppressed-primary' && f !== 'suppressed-secondary'))];
	if (isSuppressed(numerator.flags) || isSuppressed(denominator.flags) || numerator.value === null || denominator.value === null) {
		return { value: null, flags: ['suppressed-secondary', ...carried] };
	}
	if (denominator.value === 0) return { value: null, flags: ['suppressed-secondary', ...carried] };
	return { value: (numerator.value / denominator.value) * scale, flags: carried };
}

function validateCounts(cells: readonly (readonly number[])[], rule: DisclosureRule): void {
	const min = rule.minCount ?? DEFAULT_MIN;
	if (!(Number.isInteger(min) && min >= 1)) throw new RangeError('minCount must be an integer ≥ 1');
	const width = cells.length > 0 ? cells[0].length : 0;
	for (const line of cells) {
		if (line.length !== width) throw new RangeError('every row of a table must have the same number of cells');
		for (const v of line) if (!(Number.isInteger(v) && v >= 0)) throw new RangeError('counts must be integers ≥ 0');
	}
}

function slotAt(
	cells: readonly (readonly number[])[],
	r: number,
	c: number,
	rows: number,
	cols: number,
	withRowTotals: boolean,
	withColTotals: boolean,
	inputFlags?: InputFlags
): Slot | null {
	const isRowTotal = c === cols;
	const isColTotal = r === rows;
	if (!isRowTotal && !isColTotal) return { value: cells[r][c], margin: false, flags: [...(inputFlags?.[r]?.[c] ?? [])] };
	if (isRowTotal && isColTotal) return withRowTotals && withColTotals ? { value: sum(cells.flat()), margin: true, flags: [] } : null;
	if (isRowTotal) return withRowTotals ? { value: sum(cells[r]), margin: true, flags: marginFlags(cells[r].map((_, k) => inputFlags?.[r]?.[k])) } : null;
	return withColTotals ? { value: sum(cells.map((line) => line[c])), margin: true, flags: marginFlags(cells.map((_, k) => inputFlags?.[k]?.[c])) } : null;
}

/** A total of provisional or estimated counts is itself provisional or estimated. */
function marginFlags(parts: (readonly DisclosureFlag[] | undefined)[]): DisclosureFlag[] {
	return [...new Set(parts.flatMap((p) => p ?? []))];
}

function sum(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

type Pos = readonly [number, number];

/** Each line equation lists its members (the total included): total = Σ the others. */
function lineEquations(rows: number, cols: number, withRowTotals: boolean, withColTotals: boolean): Pos[][] {
	const lines: Pos[][] = [];
	if (withRowTotals) {
		for (let r = 0; r < rows; r++) lines.push(range(cols + 1).map((c) => [r, c] as const));
		// With both margins, the grand total is the sum of the row totals as well.
		if (withColTotals) lines.push(range(cols + 1).map((c) => [rows, c] as const));
	}
	if (withColTotals) {
		for (let c = 0; c < cols; c++) lines.push(range(rows + 1).map((r) => [r, c] as const));
		if (withRowTotals) lines.push(range(rows + 1).map((r) => [r, cols] as const));
	}
	return lines;
}

function range(n: number): number[] {
	return Array.from({ length: n }, (_, i) => i);
}

function applyPrimary(grid: (Slot | null)[][], rule: DisclosureRule): void {
	for (const line of grid) for (const s of line) if (s && isPrimarySensitive(s.value, rule)) s.flags.unshift('suppressed-primary');
}

function suppressed(s: Slot): boolean {
	return isSuppressed(s.flags);
}

/** Repeat over all lines until none holds exactly one suppressed member. */
function applySecondary(grid: (Slot | null)[][], lines: Pos[][]): void {
	let changed = true;
	while (changed) {
		changed = false;
		for (const line of lines) {
			const members = line.map(([r, c]) => grid[r][c] as Slot);
			if (members.filter(suppressed).length !== 1) continue;
			const partner = choosePartner(members);
			// A line always has ≥ 2 members, so with one suppressed there is always a candidate.
			partner.flags.unshift('suppressed-secondary');
			changed = true;
		}
	}
}

/**
 * The member that costs least information: inner cells before totals, then the smallest count
 * (the brief's "smallest remaining cells"), then the first in line order so results are repeatable.
 */
function choosePartner(members: Slot[]): Slot {
	let best: Slot | null = null;
	for (const s of members) {
		if (suppressed(s)) continue;
		if (best === null || cheaper(s, best)) best = s;
	}
	return best as Slot;
}

function cheaper(a: Slot, b: Slot): boolean {
	if (a.margin !== b.margin) return !a.margin;
	return a.value < b.value;
}

function publish(s: Slot): DisclosedCell {
	return { value: suppressed(s) ? null : s.value, flags: [...s.flags] };
}
