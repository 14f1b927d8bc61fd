import { describe, expect, it } from 'vitest';
import { assertThresholds, classify } from './classify';

describe('classify', () => {
	const t = [-1, 1, 1.5];

	it('cuts four classes at -1, 1, 1.5', () => {
		expect([-3, -1.0001, -1, 0, 0.9999, 1, 1.4999, 1.5, 4].map((z) => classify(z, t))).toEqual([1, 1, 2, 2, 2, 3, 3, 4, 4]);
	});

	it('puts a value on a threshold into the class above ("−1 bis unter 1")', () => {
		expect(classify(1, [-1, 1])).toBe(3);
		expect(classify(-1, [-1, 1])).toBe(2);
	});

	it('with no thresholds everything is one class', () => {
		expect(classify(99, [])).toBe(1);
	});

	it('refuses unsorted or non-finite thresholds', () => {
		expect(() => assertThresholds([1, -1])).toThrow(RangeError);
		expect(() => assertThresholds([0, 0])).toThrow(RangeError);
		expect(() => assertThresholds([Number.NaN])).toThrow(RangeError);
	});
});
