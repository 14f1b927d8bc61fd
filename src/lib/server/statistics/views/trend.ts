/** A least-squares line through a time series, so a table can say "+0.4 percentage points per year". */
import { periodYears } from './format';

export interface Trend {
	/** change per year in the indicator's unit */
	slopePerYear: number;
	/** value of the line at `at` years */
	valueAt: (years: number) => number;
	points: number;
}

/** null with fewer than two shown values or when all lie on the same date. */
export function linearTrend(points: readonly { period: string; value: number | null }[]): Trend | null {
	const xs: number[] = [];
	const ys: number[] = [];
	for (const p of points) {
		if (p.value === null || !Number.isFinite(p.value)) continue;
		xs.push(periodYears(p.period));
		ys.push(p.value);
	}
	if (xs.length < 2) return null;
	const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
	const my = ys.reduce((a, b) => a + b, 0) / ys.length;
	let sxx = 0;
	let sxy = 0;
	for (let i = 0; i < xs.length; i++) {
		sxx += (xs[i] - mx) ** 2;
		sxy += (xs[i] - mx) * (ys[i] - my);
	}
	if (sxx === 0) return null;
	const slope = sxy / sxx;
	return { slopePerYear: slope, valueAt: (x) => my + slope * (x - mx), points: xs.length };
}
