/**
 * Charts rendered on the server as SVG with Observable Plot on a linkedom document: the page embeds them
 * (no JavaScript in the browser), the same string is the SVG download and, rasterised, the PNG. Each chart
 * is a standalone SVG with its own title, legend and source line, and carries role="img" with a label;
 * the table beside it on the page holds every number, so nothing is told by colour alone.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { xml } from './format';

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
export const SERIES_COLORS = ['#0b5394', '#b45309'] as const;

function plotDocument() {
	return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

interface Frame {
	id: string;
	title: string;
	subtitle?: string;
	legend: { label: string; color: string; symbol: 'square' | 'circle' | 'dash' }[];
	source: string;
	ariaLabel: string;
	width: number;
}

/** Wraps a Plot SVG with a title, legend and source line into one standalone SVG. */
function frame(f: Frame, plotSvg: string, plotHeight: number): string {
	const top = f.subtitle ? 58 : 40;
	const legendY = top;
	const plotY = top + 26;
	const sourceLines = wrap(f.source, Math.floor(f.width / 6.2));
	const height = plotY + plotHeight + 12 + sourceLines.length * 13;
	let x = 0;
	const legend = f.legend
		.map((l) => {
			const mark =
				l.symbol === 'square'
					? `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${l.color}"/>`
					: l.symbol === 'circle'
						? `<circle cx="${x + 6}" cy="${legendY - 4}" r="5" fill="${l.color}"/>`
						: `<line x1="${x}" x2="${x + 16}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${l.color}" stroke-width="2" stroke-dasharray="4 3"/>`;
			const out = `${mark}<text x="${x + 20}" y="${legendY}" font-size="12">${xml(l.label)}</text>`;
			x += 34 + l.label.length * 7;
			return out;
		})
		.join('');
	// Plot's own SVG is nested; its root attributes are replaced by a positioned inner <svg>.
	const inner = plotSvg.replace(/^<svg\b/, `<svg x="0" y="${plotY}"`);
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${f.width}" height="${height}" viewBox="0 0 ${f.width} ${height}" ` +
		`role="img" aria-labelledby="${f.id}-title" direction="ltr" font-family="${FONT}" fill="#1a1a1a">` +
		`<title id="${f.id}-title">${xml(f.ariaLabel)}</title>` +
		`<rect width="100%" height="100%" fill="#ffffff"/>` +
		`<text x="0" y="18" font-size="16" font-weight="bold">${xml(f.title)}</text>` +
		(f.subtitle ? `<text x="0" y="38" font-size="12">${xml(f.subtitle)}</text>` : '') +
		`<g>${legend}</g>${inner}` +
		sourceLines.map((l, i) => `<text x="0" y="${plotY + plotHeight + 20 + i * 13}" font-size="10" fill="#444">${xml(l)}</text>`).join('') +
		'</svg>'
	);
}

/** Greedy line breaking for SVG text (SVG 1.1 has no wrapping). */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines;
}

function render(options: Plot.PlotOptions): { svg: string; height: number } {
	const el = Plot.plot({ ...options, document: plotDocument() }) as unknown as Element;
	el.removeAttribute('class');
	el.setAttribute('font-family', FONT);
	el.setAttribute('aria-hidden', 'true');
	// Plot adds a <style> with :where() selectors for browsers; the wrapper sets what matters as attributes.
	for (const s of Array.from(el.querySelectorAll('style'))) s.remove();
	return { svg: el.outerHTML, height: Number(el.getAttribute('height')) };
}

export interface BarRow {
	/** the category (indicator name) */
	label: string;
	/** one value per series, null = not shown (suppressed or missing) */
	values: (number | null)[];
	/** the text shown at the bar's end (formatted, or the official sign) */
	texts: string[];
}

/** Horizontal grouped bars: one group per row, one bar per series (district, city). */
export function barChartSvg(opts: { id: string; title: string; subtitle?: string; series: string[]; rows: BarRow[]; axisLabel: string; source: string; ariaLabel: string; width?: number }): string {
	const width = opts.width ?? 760;
	const data = opts.rows.flatMap((r) => opts.series.map((s, i) => ({ label: r.label, series: s, value: r.values[i], text: r.texts[i] })));
	const max = Math.max(1, ...data.map((d) => d.value ?? 0));
	const { svg, height } = render({
		width,
		height: Math.max(80, opts.rows.length * (opts.series.length * 16 + 14) + 40),
		marginLeft: 260,
		marginRight: 60,
		x: { domain: [0, max * 1.08], label: opts.axisLabel, grid: true, tickFormat: (d: number) => String(d).replace('.', ',') },
		y: { domain: opts.series, axis: null },
		fy: { domain: opts.rows.map((r) => r.label), label: null, padding: 0.25 },
		color: { domain: opts.series, range: [...SERIES_COLORS] },
		marks: [
			Plot.axisFy({ anchor: 'left', lineWidth: 18, textAnchor: 'end', fontSize: 11, label: null }),
			Plot.barX(
				data.filter((d) => d.value !== null),
				{ x: 'value', y: 'series', fy: 'label', fill: 'series' }
			),
			Plot.text(data, { x: (d: { value: number | null }) => d.value ?? 0, y: 'series', fy: 'label', text: 'text', textAnchor: 'start', dx: 4, fontSize: 10 }),
			Plot.ruleX([0])
		]
	});
	return frame(
		{ id: opts.id, title: opts.title, subtitle: opts.subtitle, legend: opts.series.map((s, i) => ({ label: s, color: SERIES_COLORS[i % 2], symbol: 'square' })), source: opts.source, ariaLabel: opts.ariaLabel, width },
		svg,
		height
	);
}

export interface LinePoint {
	date: Date;
	value: number;
	series: string;
}

/** Lines with markers (circle and square, so the series differ without colour) and dashed linear trends. */
export function lineChartSvg(opts: {
	id: string;
	title: string;
	subtitle?: string;
	series: string[];
	points: LinePoint[];
	trends: { series: string; from: { date: Date; value: number }; to: { date: Date; value: number } }[];
	yLabel: string;
	trendLabel: string;
	dateLabel: (d: Date) => string;
	source: string;
	ariaLabel: string;
	width?: number;
}): string {
	const width = opts.width ?? 760;
	const dates = opts.points.map((p) => p.date.getTime());
	const pad = dates.length ? Math.max(86_400_000 * 120, (Math.max(...dates) - Math.min(...dates)) * 0.06) : 0;
	const { svg, height } = render({
		width,
		height: 340,
		marginLeft: 60,
		marginRight: 30,
		x: {
			type: 'utc',
			label: null,
			domain: dates.length ? [new Date(Math.min(...dates) - pad), new Date(Math.max(...dates) + pad)] : undefined,
			// ticks exactly at the reference dates, labelled like the table (no English month names)
			ticks: [...new Set(dates)].map((d) => new Date(d)),
			tickFormat: (d: Date) => opts.dateLabel(d)
		},
		y: { label: opts.yLabel, grid: true, zero: false, nice: true, tickFormat: (d: number) => String(d).replace('.', ',') },
		color: { domain: opts.series, range: [...SERIES_COLORS] },
		symbol: { domain: opts.series, range: ['circle', 'square'] },
		marks: [
			Plot.line(opts.points, { x: 'date', y: 'value', z: 'series', stroke: 'series', strokeWidth: 2 }),
			...opts.trends.map((t) =>
				Plot.line([t.from, t.to], { x: 'date', y: 'value', stroke: '#444444', strokeDasharray: '5 4', strokeWidth: 1.5 })
			),
			Plot.dot(opts.points, { x: 'date', y: 'value', fill: 'series', symbol: 'series', r: 4.5 })
		]
	});
	return frame(
		{
			id: opts.id,
			title: opts.title,
			subtitle: opts.subtitle,
			legend: [
				...opts.series
					.map((s, i) => ({ label: s, color: SERIES_COLORS[i % 2], symbol: (i === 0 ? 'circle' : 'square') as 'circle' | 'square' }))
					.filter((l) => opts.points.some((p) => p.series === l.label)),
				...(opts.trends.length ? [{ label: opts.trendLabel, color: '#444444', symbol: 'dash' as const }] : [])
			],
			source: opts.source,
			ariaLabel: opts.ariaLabel,
			width
		},
		svg,
		height
	);
}
