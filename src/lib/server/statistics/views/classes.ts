/**
 * Classes of a choropleth map. Breaks come from the SHOWN values only (suppressed areas must not shape the
 * legend). Methods: quantiles (about equally many areas per class, the usual choice for social maps),
 * equal intervals, and standard deviations around the mean (as the Berlin social monitoring maps).
 */
export const classMethods = ['quantile', 'equal', 'sd'] as const;
export type ClassMethod = (typeof classMethods)[number];

/** ColorBrewer "Blues" (sequential, colour-blind safe, prints in grey); index = number of classes. */
const BLUES: Record<number, string[]> = {
	3: ['#deebf7', '#9ecae1', '#3182bd'],
	4: ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
	5: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
	6: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
	7: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594']
};
export const NO_DATA_FILL = '#ffffff';

export interface ClassBreaks {
	method: ClassMethod;
	/** ascending upper bounds of classes 1 … n−1 (class n is open above); a value equal to a break belongs to the class above */
	breaks: number[];
	min: number;
	max: number;
	colors: string[];
}

export function classBreaks(values: readonly number[], method: ClassMethod, requested: number): ClassBreaks | null {
	const v = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (v.length === 0) return null;
	const min = v[0];
	const max = v[v.length - 1];
	let breaks: number[];
	if (method === 'sd') {
		const mean = v.reduce((a, b) => a + b, 0) / v.length;
		const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
		breaks = [-1.5, -0.5, 0.5, 1.5].map((k) => mean + k * sd);
	} else if (method === 'equal') {
		breaks = Array.from({ length: requested - 1 }, (_, i) => min + ((max - min) * (i + 1)) / requested);
	} else {
		breaks = Array.from({ length: requested - 1 }, (_, i) => quantile(v, (i + 1) / requested));
	}
	// Ties (many equal values) give repeated breaks: keep each once so no class is empty by construction.
	breaks = [...new Set(breaks)].filter((b) => b > min || method === 'sd');
	const n = Math.min(7, Math.max(3, breaks.length + 1));
	breaks = breaks.slice(0, n - 1);
	return { method, breaks, min, max, colors: (BLUES[breaks.length + 1] ?? BLUES[3]).slice(0, breaks.length + 1) };
}

function quantile(sorted: number[], p: number): number {
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (h - lo);
}

/** Class index 0 … n−1. */
export function classOf(value: number, b: ClassBreaks): number {
	let k = 0;
	for (const x of b.breaks) if (value >= x) k++;
	return k;
}
