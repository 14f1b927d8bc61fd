/**
 * Survey results as aggregates that may leave the database: counts per option and cross-tabs of two
 * choice questions, after disclosure control (counts 1–4 suppressed, with complementary suppression so a
 * total minus the shown cells never gives a suppressed count back). Numbers are summarised only when at
 * least `minCount` people answered.
 */
import { suppressSeries, suppressTable, type DisclosedCell, type DisclosedTable } from '../statistics/disclosure';
import { choiceKinds, type AnswerValue, type Question } from './model';
import { gridCounts, type LatLon, type MapFrame } from './place-map';

export const SURVEY_DISCLOSURE_MIN = 5;

export interface StoredAnswer {
	responseId: string;
	questionId: string;
	value: AnswerValue;
}

export interface OptionResult {
	kind: 'options';
	question: Question;
	/** one per option (named places for place questions), in option order */
	options: { key: string; label: string; cell: DisclosedCell }[];
	/** place questions: answers given as coordinates (a count, disclosed like the others) */
	coordinates: DisclosedCell | null;
	/** people who answered the question (for multiple choice: each may pick several options) */
	answered: DisclosedCell;
	/** place questions with a map: the coordinates counted per grid cell, disclosure-controlled like a series */
	grid?: PlaceGrid | null;
}

export interface PlaceGrid {
	cols: number;
	rows: number;
	cells: { label: string; col: number; row: number; cell: DisclosedCell }[];
}

export interface NumberResult {
	kind: 'number';
	question: Question;
	answered: DisclosedCell;
	/** null when fewer than minCount answered */
	summary: { min: number; max: number; mean: number; median: number } | null;
}

export interface TextResult {
	kind: 'text';
	question: Question;
	answered: DisclosedCell;
}

export type QuestionResult = OptionResult | NumberResult | TextResult;

const rule = (minCount: number) => ({ minCount });

function byQuestion(answers: readonly StoredAnswer[]): Map<string, StoredAnswer[]> {
	const m = new Map<string, StoredAnswer[]>();
	for (const a of answers) (m.get(a.questionId) ?? m.set(a.questionId, []).get(a.questionId)!).push(a);
	return m;
}

/** A lone count (e.g. how many answered) after primary suppression. */
function single(n: number, minCount: number): DisclosedCell {
	return n > 0 && n < minCount ? { value: null, flags: ['suppressed-primary'] } : { value: n, flags: [] };
}

/**
 * Coordinates of a place question per grid cell of the survey's map. The cells form a series whose total (the
 * coordinate count) is published, so a single suppressed cell gets a complementary one, as in any other table.
 */
export function placeGrid(frame: MapFrame, points: readonly LatLon[], minCount = SURVEY_DISCLOSURE_MIN, cols = 6): PlaceGrid {
	const g = gridCounts(frame, points, cols);
	const series = suppressSeries(g.cells.map((c) => c.count), rule(minCount));
	return { cols: g.cols, rows: g.rows, cells: g.cells.map((c, i) => ({ label: c.label, col: c.col, row: c.row, cell: series.cells[i] })) };
}

export function questionResults(questions: readonly Question[], answers: readonly StoredAnswer[], minCount = SURVEY_DISCLOSURE_MIN, placeFrame: MapFrame | null = null): QuestionResult[] {
	const grouped = byQuestion(answers);
	return questions.map((q): QuestionResult => {
		const list = grouped.get(q.id) ?? [];
		if (choiceKinds.includes(q.kind) || q.kind === 'place') {
			const counts = q.options.map((o) => list.filter((a) => (Array.isArray(a.value) ? a.value.includes(o.key) : a.value === o.key || (typeof a.value === 'object' && a.value !== null && 'place' in a.value && a.value.place === o.key))).length);
			const coords = q.kind === 'place' ? list.filter((a) => typeof a.value === 'object' && a.value !== null && 'lat' in a.value).length : null;
			if (q.kind === 'multiple') {
				// Options of a multiple-choice question do not add up to a total: each count stands alone.
				return {
					kind: 'options',
					question: q,
					options: q.options.map((o, i) => ({ key: o.key, label: o.label, cell: single(counts[i], minCount) })),
					coordinates: null,
					answered: single(list.length, minCount)
				};
			}
			const series = suppressSeries(coords === null ? counts : [...counts, coords], rule(minCount));
			return {
				kind: 'options',
				question: q,
				options: q.options.map((o, i) => ({ key: o.key, label: o.label, cell: series.cells[i] })),
				coordinates: coords === null ? null : series.cells[counts.length],
				answered: series.total,
				grid: q.kind === 'place' && placeFrame && coords ? placeGrid(placeFrame, list.flatMap((a) => (typeof a.value === 'object' && a.value !== null && 'lat' in a.value ? [a.value] : [])), minCount) : null
			};
		}
		if (q.kind === 'number') {
			const values = list.map((a) => a.value).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
			const answered = single(values.length, minCount);
			const summary =
				values.length >= minCount
					? {
							min: values[0],
							max: values[values.length - 1],
							mean: values.reduce((s, v) => s + v, 0) / values.length,
							median: values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2
						}
					: null;
			return { kind: 'number', question: q, answered, summary };
		}
		return { kind: 'text', question: q, answered: single(list.length, minCount) };
	});
}

export interface CrossTab {
	rows: Question;
	columns: Question;
	table: DisclosedTable;
}

/**
 * Cross-tab of two single-choice (or Likert) questions over the responses that answered both, with row and
 * column totals. Multiple-choice questions are not offered: their cells do not add up to the margins.
 */
export function crossTab(rowQ: Question, colQ: Question, answers: readonly StoredAnswer[], minCount = SURVEY_DISCLOSURE_MIN): CrossTab {
	const rowOf = new Map<string, string>();
	const colOf = new Map<string, string>();
	for (const a of answers) {
		if (typeof a.value !== 'string') continue;
		if (a.questionId === rowQ.id) rowOf.set(a.responseId, a.value);
		if (a.questionId === colQ.id) colOf.set(a.responseId, a.value);
	}
	const cells = rowQ.options.map(() => colQ.options.map(() => 0));
	for (const [response, r] of rowOf) {
		const c = colOf.get(response);
		const ri = rowQ.options.findIndex((o) => o.key === r);
		const ci = colQ.options.findIndex((o) => o.key === c);
		if (ri >= 0 && ci >= 0) cells[ri][ci]++;
	}
	return { rows: rowQ, columns: colQ, table: suppressTable(cells, 'both', rule(minCount)) };
}

/** Questions that can be cross-tabulated. */
export const crossTabbable = (q: Question): boolean => q.kind === 'single' || q.kind === 'likert';
