/**
 * Descriptive statistics and z-standardisation over a set of areas.
 *
 * Social monitoring reports (Berlin MSS, Hamburg Sozialmonitoring …) standardise with the simple
 * (unweighted) mean over the included areas and the POPULATION standard deviation (divide by n):
 * the areas are the whole city, not a sample of it. The sample SD (n − 1) is offered only to mirror
 * tools such as SPSS's default; it changes classes at the margin (see mss-2021.test.ts).
 */

export type SdKind = 'population' | 'sample';

export interface Moments {
	/** number of values the moments were computed from */
	n: number;
	mean: number;
	sd: number;
}

/** Simple arithmetic mean; NaN for no values (the caller decides what "no data" means). */
export function mean(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	let sum = 0;
	for (const v of values) sum += v;
	return sum / values.length;
}

/**
 * Standard deviation around the simple mean. Two-pass on purpose: the one-pass formula loses
 * digits when values are large and close together (shares in per cent are, in many towns).
 */
export function standardDeviation(values: readonly number[], kind: SdKind = 'population'): number {
	const n = values.length;
	const divisor = kind === 'population' ? n : n - 1;
	if (divisor <= 0) return Number.NaN;
	const m = mean(values);
	let squares = 0;
	for (const v of values) squares += (v - m) * (v - m);
	return Math.sqrt(squares / divisor);
}

export function moments(values: readonly number[], kind: SdKind = 'population'): Moments {
	return { n: values.length, mean: mean(values), sd: standardDeviation(values, kind) };
}

/**
 * z = (x − mean) / sd. A constant indicator (sd 0) carries no information about differences
 * between areas, so every area gets 0 instead of a division by zero.
 */
export function zScore(value: number, m: Moments): number {
	if (!(m.sd > 0)) return 0;
	return (value - m.mean) / m.sd;
}

export function standardise(values: readonly number[], kind: SdKind = 'population'): { moments: Moments; z: number[] } {
	const m = moments(values, kind);
	return { moments: m, z: values.map((v) => zScore(v, m)) };
}
