import { describe, expect, it } from 'vitest';
import { averageRanks, competitionRanksDescending } from './ranking';

describe('ranks', () => {
	it('competition ranks: largest first, ties share the better rank, next rank skipped', () => {
		expect(competitionRanksDescending([0.5, 2, 2, -1, 3])).toEqual([4, 2, 2, 5, 1]);
	});

	it('average ranks: ascending, ties get the mean position', () => {
		expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
	});

	it('empty input gives empty ranks', () => {
		expect(competitionRanksDescending([])).toEqual([]);
		expect(averageRanks([])).toEqual([]);
	});
});
