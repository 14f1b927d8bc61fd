import { describe, expect, it } from 'vitest';
import { spearman } from './spearman';

describe('spearman', () => {
	it('is 1 for the same order, −1 for the reverse order', () => {
		expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBe(1);
		expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
	});

	it('matches the textbook value without ties', () => {
		// d = [0, 0, 1, -1, 0] → 1 − 6·2 / (5·24) = 0.9
		expect(spearman([1, 2, 3, 4, 5], [1, 2, 4, 3, 5])).toBeCloseTo(0.9, 12);
	});

	it('handles ties with average ranks', () => {
		// ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: Pearson of these
		expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505138, 12);
	});

	it('is undefined (null) for constant series or fewer than two pairs', () => {
		expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
		expect(spearman([1], [2])).toBeNull();
		expect(() => spearman([1, 2], [1])).toThrow(RangeError);
	});
});
