import { describe, expect, it } from 'vitest';
import { mean, moments, standardDeviation, standardise, zScore } from './standardise';

describe('standardise', () => {
	it('uses the population SD by default and the sample SD on request', () => {
		const v = [2, 4, 4, 4, 5, 5, 7, 9];
		expect(mean(v)).toBe(5);
		expect(standardDeviation(v)).toBe(2);
		expect(standardDeviation(v, 'sample')).toBeCloseTo(Math.sqrt(32 / 7), 12);
	});

	it('z has mean 0 and population SD 1', () => {
		const { z } = standardise([3, 8, 1, 12, 7]);
		expect(mean(z)).toBeCloseTo(0, 12);
		expect(standardDeviation(z)).toBeCloseTo(1, 12);
	});

	it('keeps precision for large values close together (two-pass)', () => {
		const v = [1e9 + 1, 1e9 + 2, 1e9 + 3];
		expect(standardDeviation(v)).toBeCloseTo(Math.sqrt(2 / 3), 9);
	});

	it('gives z = 0 for a constant indicator instead of dividing by zero', () => {
		expect(standardise([4, 4, 4]).z).toEqual([0, 0, 0]);
	});

	it('reports NaN for no values (no data is not an average of 0)', () => {
		expect(Number.isNaN(mean([]))).toBe(true);
		expect(Number.isNaN(standardDeviation([1], 'sample'))).toBe(true);
		expect(zScore(5, moments([]))).toBe(0);
	});
});
