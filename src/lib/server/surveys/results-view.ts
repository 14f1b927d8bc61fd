/**
 * Results as the page and the downloads show them: every figure already through disclosure control, formatted
 * with the official signs ("." secret, "–" exactly zero), plus one server-rendered SVG bar chart per choice question.
 */
import { barChartSvg } from '../statistics/views/charts';
import { resultsMapSvg } from './place-map';
import { cellDisplay, type ExportCell, type ExportTable } from '../statistics/views/export';
import { numberFormat } from '../statistics/views/format';
import { translate, type Locale } from '../../i18n';
import type { CrossTab, QuestionResult } from '../../domain/surveys/results';
import type { DisclosedCell } from '../../domain/statistics/disclosure';
import type { SurveyResults } from './survey-results';

const cell = (c: DisclosedCell): ExportCell => ({ value: c.value, flags: c.flags, digits: 0 });

export interface QuestionView {
	id: string;
	position: number;
	text: string;
	kind: string;
	rows: { label: string; text: string }[];
	answered: string;
	note: string | null;
	chart: string | null;
	summary: string | null;
	/** place questions with a map: coordinates per grid cell as a picture, and the shown cells as a table */
	map: { svg: string; cells: { label: string; text: string }[] } | null;
}

function placeMapView(r: SurveyResults, q: QuestionResult, locale: Locale): QuestionView['map'] {
	if (q.kind !== 'options' || !q.grid || !r.placeMap) return null;
	const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
	const cells = q.grid.cells.map((c) => ({ label: c.label, col: c.col, row: c.row, value: c.cell.value, text: cellDisplay(cell(c.cell), locale) }));
	const svg = resultsMapSvg(r.placeMap, { id: `map-${q.question.id}`, title: t('survey.results.mapTitle', { question: q.question.text }), cols: q.grid.cols, rows: q.grid.rows, cells });
	// The table lists the cells with a figure; empty and suppressed cells alike stay out (no hint at 1–4 places).
	return { svg, cells: cells.filter((c) => c.value !== null && c.value > 0).map((c) => ({ label: c.label, text: c.text })) };
}

export function questionViews(r: SurveyResults, locale: Locale): QuestionView[] {
	const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
	const fmt = (n: number, digits = 0) => numberFormat(locale, digits).format(n);
	return r.questions.map((q, i): QuestionView => {
		const base = { id: q.question.id, position: i + 1, text: q.question.text, kind: q.question.kind, answered: cellDisplay(cell(q.answered), locale) };
		if (q.kind === 'options') {
			const rows = q.options.map((o) => ({ label: o.label, text: cellDisplay(cell(o.cell), locale) }));
			if (q.coordinates) rows.push({ label: t('survey.results.coordinates'), text: cellDisplay(cell(q.coordinates), locale) });
			const chart = barChartSvg({
				id: `chart-${q.question.id}`,
				title: q.question.text.length > 90 ? `${q.question.text.slice(0, 88)}…` : q.question.text,
				series: [t('survey.results.count')],
				rows: [...q.options.map((o) => ({ label: o.label.slice(0, 40), values: [o.cell.value], texts: [cellDisplay(cell(o.cell), locale)] })), ...(q.coordinates ? [{ label: t('survey.results.coordinates'), values: [q.coordinates.value], texts: [cellDisplay(cell(q.coordinates), locale)] }] : [])],
				axisLabel: t('survey.results.chartAxis'),
				source: t('survey.results.chartSource', { title: r.survey.title, count: r.responses }),
				ariaLabel: `${q.question.text}: ${rows.map((x) => `${x.label} ${x.text}`).join(', ')}`
			});
			return { ...base, rows, note: q.question.kind === 'multiple' ? t('survey.results.multipleNote') : null, chart, summary: null, map: placeMapView(r, q, locale) };
		}
		if (q.kind === 'number') {
			const s = q.summary;
			return { ...base, rows: [], note: null, chart: null, map: null, summary: s ? t('survey.results.numberSummary', { min: fmt(s.min, 1), max: fmt(s.max, 1), mean: fmt(s.mean, 1), median: fmt(s.median, 1) }) : t('survey.results.numberHidden') };
		}
		return { ...base, rows: [], note: null, chart: null, summary: null, map: null };
	});
}

export function crossTabView(ct: CrossTab, locale: Locale) {
	const d = (c: DisclosedCell) => cellDisplay(cell(c), locale);
	return {
		rowQuestion: ct.rows.text,
		columnQuestion: ct.columns.text,
		columns: ct.columns.options.map((o) => o.label),
		rows: ct.rows.options.map((o, i) => ({ label: o.label, cells: ct.table.cells[i].map(d), total: d(ct.table.rowTotals![i]) })),
		columnTotals: ct.table.columnTotals!.map(d),
		grandTotal: d(ct.table.grandTotal!)
	};
}

/** Aggregates of every question as one table (question, answer, count), for CSV and XLSX. */
export function resultsTable(r: SurveyResults, locale: Locale): ExportTable {
	const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
	const rows: ExportCell[][] = [];
	r.questions.forEach((q: QuestionResult, i) => {
		const qt = { text: `${i + 1}. ${q.question.text}` };
		if (q.kind === 'options') {
			for (const o of q.options) rows.push([qt, { text: o.label }, cell(o.cell)]);
			if (q.coordinates) rows.push([qt, { text: t('survey.results.coordinates') }, cell(q.coordinates)]);
			// Like the page: only cells with a figure (empty and suppressed cells alike stay out).
			for (const g of q.grid?.cells ?? []) if (g.cell.value !== null && g.cell.value > 0) rows.push([qt, { text: `${t('survey.results.mapCell')} ${g.label}` }, cell(g.cell)]);
		}
		rows.push([qt, { text: t('survey.results.answered') }, cell(q.answered)]);
	});
	return {
		name: 'Ergebnisse',
		title: t('survey.results.title', { title: r.survey.title }),
		columns: [t('survey.results.question'), t('survey.results.option'), t('survey.results.count')],
		rows,
		notes: [t('survey.results.disclosure')]
	};
}

export function crossTabTable(ct: CrossTab, r: SurveyResults, locale: Locale): ExportTable {
	const t = (k: string) => translate(locale, k);
	return {
		name: 'Kreuztabelle',
		title: `${ct.rows.text} × ${ct.columns.text}`,
		columns: ['', ...ct.columns.options.map((o) => o.label), t('survey.results.total')],
		rows: [
			...ct.rows.options.map((o, i) => [{ text: o.label }, ...ct.table.cells[i].map(cell), cell(ct.table.rowTotals![i])]),
			[{ text: t('survey.results.total') }, ...ct.table.columnTotals!.map(cell), cell(ct.table.grandTotal!)]
		],
		notes: [t('survey.results.disclosure'), r.survey.title]
	};
}

/** A spreadsheet must not run a formula a respondent typed ("=HYPERLINK(…)"): such texts get a leading apostrophe. */
export const neutralise = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
