/**
 * Ranks for league tables and for rank correlation.
 */

/**
 * Competition ranking ("1224"), largest value first: rank 1 is the most disadvantaged area when
 * the index grows with disadvantage. Equal values share the better rank, and the next rank is
 * skipped, so "rank 3" always means "two areas are worse off".
 */
export function competitionRanksDescending(values: readonly number[]): number[] {
	const order = values.map((v, i) => i).sort((a, b) => values[b] - values[a]);
	const ranks = new Array<number>(values.length);
	for (let pos = 0; pos < order.length; pos++) {
		const i = order[pos];
		const prev = pos > 0 ? order[pos - 1] : -1;
		ranks[i] = prev >= 0 && values[prev] === values[i] ? ranks[prev] : pos + 1;
	}
	return ranks;
}

/**
 * Average ("fractional") ranks, ascending: ties get the mean of the positions they occupy.
 * Spearman's rho needs these; competition ranks would bias it when ties are frequent.
 */
export function averageRanks(values: readonly number[]): number[] {
	const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
	const ranks = new Array<number>(values.length);
	let start = 0;
	while (start < order.length) {
		let end = start;
		while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
		const avg = (start + end) / 2 + 1;
		for (let k = start; k <= end; k++) ranks[order[k]] = avg;
		start = end + 1;
	}
	return ranks;
}
