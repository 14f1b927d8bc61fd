/**
 * Spearman's rank correlation: Pearson correlation of average ranks, which stays correct with ties
 * (the textbook 1 − 6Σd²/(n(n²−1)) shortcut does not).
 */
import { averageRanks } from './ranking';

/** rho in [−1, 1], or null when it is undefined (fewer than two pairs, or one side constant). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
	if (x.length !== y.length) throw new RangeError('spearman needs pairs: both series must have the same length');
	if (x.length < 2) return null;
	return pearson(averageRanks(x), averageRanks(y));
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
	const n = x.length;
	let mx = 0;
	let my = 0;
	for (let i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) ** 2;
		syy += (y[i] - my) ** 2;
	}
	if (sxx === 0 || syy === 0) return null;
	// Rounding can push |r| a hair above 1 for identical rankings; clamp so callers may compare with 1.
	return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
