/**
 * Classes cut at standard-deviation thresholds ("Gruppenbildung nach Standardabweichung vom Mittelwert").
 *
 * thresholds are ascending cut points on the z scale, e.g. [-1, 1, 1.5] gives four classes:
 * 1: z < −1, 2: −1 ≤ z < 1, 3: 1 ≤ z < 1.5, 4: z ≥ 1.5 (Berlin MSS status index: hoch, mittel,
 * niedrig, sehr niedrig). A value exactly on a threshold belongs to the class ABOVE it, as in the
 * MSS wording "−1 bis unter 1".
 */

export function assertThresholds(thresholds: readonly number[]): void {
	for (let i = 0; i < thresholds.length; i++) {
		if (!Number.isFinite(thresholds[i])) throw new RangeError('class thresholds must be finite numbers');
		if (i > 0 && !(thresholds[i] > thresholds[i - 1])) throw new RangeError('class thresholds must be strictly ascending');
	}
}

/** Class number 1 … thresholds.length + 1. */
export function classify(z: number, thresholds: readonly number[]): number {
	let cls = 1;
	for (const t of thresholds) if (z >= t) cls++;
	return cls;
}
