/**
 * Why an area stands where it stands in a composite index: its contributions (weight × signed z)
 * sorted, so a page can say "mainly child poverty and transfer benefits" without re-doing the maths.
 * Data only: wording and formatting belong to the UI and its message catalogue.
 */
import type { CompositeIndexResult } from './composite-index';

export interface Driver {
	indicator: string;
	/** weight × signed z: positive pulls the area towards disadvantage (up the ranking) */
	contribution: number;
	/** unsigned standard score of the raw value (positive = above the city mean) */
	z: number;
	weight: number;
	/** |contribution| ÷ Σ|contributions| of the area: how much of the position this indicator explains */
	share: number;
}

export interface AreaExplanation {
	areaId: string;
	index: number;
	rank: number;
	class: number;
	/** every present indicator, largest contribution first (most disadvantaging on top) */
	drivers: Driver[];
	/** contributions > 0, strongest first */
	pullingUp: Driver[];
	/** contributions < 0, strongest (most negative) first */
	pullingDown: Driver[];
	/** indicators the area has no value for (only under the 'ignoreIndicator' policy) */
	missing: string[];
}

/** null for an area that is not in the result or was excluded (it has no position to explain). */
export function explainArea(result: CompositeIndexResult, areaId: string): AreaExplanation | null {
	const area = result.areas.find((a) => a.areaId === areaId);
	if (!area || !area.included) return null;
	const drivers: Driver[] = [];
	const missing: string[] = [];
	let total = 0;
	for (const spec of result.config.indicators) {
		const c = area.contributions[spec.key];
		const z = area.z[spec.key];
		if (c === null || z === null) {
			missing.push(spec.key);
			continue;
		}
		total += Math.abs(c);
		drivers.push({ indicator: spec.key, contribution: c, z, weight: spec.weight, share: 0 });
	}
	for (const d of drivers) d.share = total > 0 ? Math.abs(d.contribution) / total : 0;
	// Stable order for equal contributions: configuration order, so pages do not flicker between runs.
	drivers.sort((a, b) => b.contribution - a.contribution);
	return {
		areaId,
		index: area.index as number,
		rank: area.rank as number,
		class: area.class as number,
		drivers,
		pullingUp: drivers.filter((d) => d.contribution > 0),
		pullingDown: drivers.filter((d) => d.contribution < 0).reverse(),
		missing
	};
}

/** Explanations for every included area, in rank order (most disadvantaged first). */
export function explainAll(result: CompositeIndexResult): AreaExplanation[] {
	return result.areas
		.filter((a) => a.included)
		.map((a) => explainArea(result, a.areaId) as AreaExplanation)
		.sort((a, b) => a.rank - b.rank || a.areaId.localeCompare(b.areaId));
}
