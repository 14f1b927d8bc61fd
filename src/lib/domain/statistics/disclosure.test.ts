import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discloseShare, isPrimarySensitive, suppressSeries, suppressTable, type DisclosedCell, type DisclosedTable, type Margins } from './disclosure';
import { cellText, isSuppressed } from './disclosure-symbols';

const values = (cells: DisclosedCell[]) => cells.map((c) => c.value);
const hidden = (c: DisclosedCell) => isSuppressed(c.flags);

describe('primary suppression', () => {
	it('suppresses 1 and 2 with the default minimum 3 and shows 0 and 3', () => {
		expect([0, 1, 2, 3].map((n) => isPrimarySensitive(n))).toEqual([false, true, true, false]);
	});

	it('takes a per-indicator minimum and can treat zero as sensitive', () => {
		expect(isPrimarySensitive(4, { minCount: 5 })).toBe(true);
		expect(isPrimarySensitive(5, { minCount: 5 })).toBe(false);
		expect(isPrimarySensitive(0, { suppressZero: true })).toBe(true);
	});

	it('rejects counts that are not non-negative integers and a minimum below 1', () => {
		expect(() => suppressSeries([1.5])).toThrow(RangeError);
		expect(() => suppressSeries([-1])).toThrow(RangeError);
		expect(() => suppressSeries([1], { minCount: 0 })).toThrow(RangeError);
		expect(() => suppressTable([[1, 2], [3]], 'both')).toThrow(RangeError);
	});
});

describe('one-dimensional table with a total', () => {
	it('adds the smallest other cell when one cell is suppressed', () => {
		const t = suppressSeries([2, 10, 7, 30]);
		expect(values(t.cells)).toEqual([null, 10, null, 30]);
		expect(t.cells[0].flags).toEqual(['suppressed-primary']);
		expect(t.cells[2].flags).toEqual(['suppressed-secondary']);
		expect(t.total).toEqual({ value: 49, flags: [] });
	});

	it('needs nothing more when two cells are already below the minimum', () => {
		const t = suppressSeries([1, 2, 40]);
		expect(values(t.cells)).toEqual([null, null, 40]);
		expect(t.cells.map((c) => c.flags)).toEqual([['suppressed-primary'], ['suppressed-primary'], []]);
	});

	it('shows zeros by default but may pick one as the complementary cell (it is the smallest)', () => {
		const t = suppressSeries([0, 2, 9]);
		expect(values(t.cells)).toEqual([null, null, 9]);
		expect(t.cells[0].flags).toEqual(['suppressed-secondary']);
	});

	it('suppresses a total below the minimum and then the cells that would give it back', () => {
		const t = suppressSeries([1, 1]);
		expect(t.total.value).toBeNull();
		expect(values(t.cells)).toEqual([null, null]);
	});

	it('suppresses the total only when no inner cell is left', () => {
		const t = suppressSeries([2, 0], { suppressZero: true });
		expect(values(t.cells)).toEqual([null, null]);
		expect(t.total.value).toBeNull(); // total 2 < 3 is primary itself
		const single = suppressSeries([2]);
		expect(single.total.value).toBeNull();
	});

	it('carries input flags and gives a total of provisional counts the provisional flag', () => {
		const t = suppressSeries([10, 12], {}, [['provisional'], ['estimated']]);
		expect(t.cells[0].flags).toEqual(['provisional']);
		expect(t.total.flags.sort()).toEqual(['estimated', 'provisional']);
	});
});

describe('two-dimensional table with margins', () => {
	it('protects a single small cell through its row, its column and the crossing cell', () => {
		const t = suppressTable(
			[
				[2, 8, 9],
				[6, 7, 15],
				[20, 12, 11]
			],
			'both'
		);
		// 2 is primary; row 0 adds its smallest other cell (8), column 0 its smallest (6);
		// then column 1 (8 suppressed) and row 1 (6 suppressed) each need a second one: 7 closes both.
		expect(t.cells.map(values)).toEqual([
			[null, null, 9],
			[null, null, 15],
			[20, 12, 11]
		]);
		expect(t.cells[0][0].flags).toEqual(['suppressed-primary']);
		expect(t.cells[1][1].flags).toEqual(['suppressed-secondary']);
		expect(values(t.rowTotals!)).toEqual([19, 28, 43]);
		expect(values(t.columnTotals!)).toEqual([28, 27, 35]);
		expect(t.grandTotal!.value).toBe(90);
	});

	it('suppresses a small margin and protects it in the total line', () => {
		// Column 0 totals 2: primary. Its column line and the column-totals line each need a partner.
		const t = suppressTable(
			[
				[1, 10],
				[1, 20]
			],
			'both'
		);
		expect(t.columnTotals![0].value).toBeNull();
		expect(t.cells.every((line) => line[0].value === null)).toBe(true);
		assertLineProperty(t, 'both');
	});

	it('with row totals only, columns are free', () => {
		const t = suppressTable(
			[
				[2, 50, 50],
				[50, 50, 50]
			],
			'rows'
		);
		expect(t.cells.map(values)).toEqual([
			[null, null, 50],
			[50, 50, 50]
		]);
		expect(t.columnTotals).toBeNull();
		expect(t.grandTotal).toBeNull();
	});

	it('without margins only primary suppression applies', () => {
		const t = suppressTable([[2, 5]], 'none');
		expect(values(t.cells[0])).toEqual([null, 5]);
	});
});

describe('shares', () => {
	const shown = (value: number): DisclosedCell => ({ value, flags: [] });
	const secret: DisclosedCell = { value: null, flags: ['suppressed-primary'] };

	it('computes per cent from shown counts', () => {
		expect(discloseShare(shown(5), shown(20))).toEqual({ value: 25, flags: [] });
	});

	it('suppresses a share whose numerator or denominator is suppressed', () => {
		expect(discloseShare(secret, shown(20)).value).toBeNull();
		expect(discloseShare(shown(5), secret).value).toBeNull();
		expect(discloseShare(secret, shown(20)).flags).toEqual(['suppressed-secondary']);
	});

	it('suppresses a share of nothing and carries estimated/provisional flags', () => {
		expect(discloseShare(shown(0), shown(0)).value).toBeNull();
		expect(discloseShare({ value: 5, flags: ['estimated'] }, { value: 10, flags: ['provisional'] })).toEqual({ value: 50, flags: ['estimated', 'provisional'] });
	});
});

describe('official signs', () => {
	it('shows "." for a suppressed cell, "–" for zero and letters after the number', () => {
		expect(cellText(null, ['suppressed-primary'])).toBe('.');
		expect(cellText(17, ['suppressed-secondary'])).toBe('.');
		expect(cellText(0, [])).toBe('–');
		expect(cellText(1234, ['provisional'], (n) => n.toLocaleString('de-DE'))).toBe('1.234 p');
		expect(cellText(12, ['estimated', 'revised'])).toBe('12 rs');
	});

	it('offers the letter signs', () => {
		expect(cellText(null, ['suppressed-primary'], String, 'letters')).toBe('g');
		expect(cellText(0, [], String, 'letters')).toBe('n');
	});
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Every line (row/column with its total) as arrays of disclosed cells plus the true values. */
function linesOf(t: DisclosedTable, margins: Margins): DisclosedCell[][] {
	const rows = t.cells.length;
	const cols = rows > 0 ? t.cells[0].length : 0;
	const lines: DisclosedCell[][] = [];
	if (margins === 'rows' || margins === 'both') {
		for (let r = 0; r < rows; r++) lines.push([...t.cells[r], t.rowTotals![r]]);
		if (margins === 'both') lines.push([...t.columnTotals!, t.grandTotal!]);
	}
	if (margins === 'columns' || margins === 'both') {
		for (let c = 0; c < cols; c++) lines.push([...t.cells.map((line) => line[c]), t.columnTotals![c]]);
		if (margins === 'both') lines.push([...t.rowTotals!, t.grandTotal!]);
	}
	return lines;
}

function assertLineProperty(t: DisclosedTable, margins: Margins): void {
	for (const line of linesOf(t, margins)) {
		const unknowns = line.filter(hidden).length;
		expect(unknowns === 0 || unknowns >= 2).toBe(true);
	}
}

function allCells(t: DisclosedTable): DisclosedCell[] {
	return [...t.cells.flat(), ...(t.rowTotals ?? []), ...(t.columnTotals ?? []), ...(t.grandTotal ? [t.grandTotal] : [])];
}

/** Small counts are frequent in real district tables: bias the generator towards them. */
const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 60 }));
const tableArb = fc
	.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
	.chain(({ rows, cols }) => fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));
const marginsArb = fc.constantFrom<Margins>('rows', 'columns', 'both');
const ruleArb = fc.record({ minCount: fc.integer({ min: 1, max: 6 }), suppressZero: fc.boolean() });

describe('properties (fast-check)', () => {
	it('no suppressed value can be derived from a single row or column equation with exactly one unknown', () => {
		fc.assert(
			fc.property(tableArb, marginsArb, ruleArb, (cells, margins, rule) => {
				assertLineProperty(suppressTable(cells, margins, rule), margins);
			}),
			{ numRuns: 500 }
		);
	});

	it('shown totals are the true sums of the inner cells', () => {
		fc.assert(
			fc.property(tableArb, ruleArb, (cells, rule) => {
				const t = suppressTable(cells, 'both', rule);
				t.rowTotals!.forEach((c, r) => c.value !== null && expect(c.value).toBe(cells[r].reduce((a, b) => a + b, 0)));
				t.columnTotals!.forEach((c, k) => c.value !== null && expect(c.value).toBe(cells.reduce((a, line) => a + line[k], 0)));
				if (t.grandTotal!.value !== null) expect(t.grandTotal!.value).toBe(cells.flat().reduce((a, b) => a + b, 0));
			}),
			{ numRuns: 200 }
		);
	});

	it('no cell below the minimum is ever shown, and shown values are the true counts', () => {
		fc.assert(
			fc.property(tableArb, marginsArb, ruleArb, (cells, margins, rule) => {
				const t = suppressTable(cells, margins, rule);
				for (const c of allCells(t)) {
					if (c.value === null) continue;
					if (c.value === 0) expect(rule.suppressZero).toBe(false);
					else expect(c.value).toBeGreaterThanOrEqual(rule.minCount);
				}
				t.cells.forEach((line, r) => line.forEach((c, k) => c.value !== null && expect(c.value).toBe(cells[r][k])));
			}),
			{ numRuns: 500 }
		);
	});

	it('primary flags mark exactly the sensitive counts; a suppressed cell always has value null', () => {
		fc.assert(
			fc.property(tableArb, ruleArb, (cells, rule) => {
				const t = suppressTable(cells, 'both', rule);
				t.cells.forEach((line, r) =>
					line.forEach((c, k) => {
						expect(c.flags.includes('suppressed-primary')).toBe(isPrimarySensitive(cells[r][k], rule));
						expect(hidden(c)).toBe(c.value === null);
					})
				);
			}),
			{ numRuns: 300 }
		);
	});

	it('a one-dimensional series keeps its total equation protected', () => {
		fc.assert(
			fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), ruleArb, (counts, rule) => {
				const t = suppressSeries(counts, rule);
				const unknowns = [...t.cells, t.total].filter(hidden).length;
				expect(unknowns === 0 || unknowns >= 2).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	it('is deterministic', () => {
		fc.assert(
			fc.property(tableArb, marginsArb, ruleArb, (cells, margins, rule) => {
				expect(suppressTable(cells, margins, rule)).toEqual(suppressTable(cells, margins, rule));
			}),
			{ numRuns: 100 }
		);
	});
});
