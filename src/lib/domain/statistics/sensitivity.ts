/**
 * How much does the ranking depend on one weight? The handbook asks for a district choice "on the
 * basis of meaningful indicators"; a choice that flips when a weight moves a little is not robust,
 * and the steering group should see that before it decides.
 */
import { computeCompositeIndex, type AreaInput, type CompositeIndexConfig, type CompositeIndexResult } from './composite-index';
import { spearman } from './spearman';

export interface AreaPosition {
	rank: number | null;
	class: number | null;
}

export interface SensitivityVariant {
	weight: number;
	/** per area id; null rank/class for excluded areas */
	positions: Record<string, AreaPosition>;
	/**
	 * base rank − variant rank per included area: positive = the area moves up towards rank 1
	 * (more disadvantaged than in the base), negative = it moves down. null for excluded areas.
	 */
	rankChange: Record<string, number | null>;
	/** Spearman's rho of the variant's index against the base index over the included areas (null if undefined) */
	spearman: number | null;
	/** included areas whose class differs from the base */
	classChanges: number;
	/** largest |rankChange| */
	maxRankShift: number;
}

export interface SensitivityResult {
	indicator: string;
	baseWeight: number;
	base: Record<string, AreaPosition>;
	variants: SensitivityVariant[];
}

export function weightSensitivity(
	areas: readonly AreaInput[],
	baseConfig: CompositeIndexConfig,
	indicator: string,
	weights: readonly number[]
): SensitivityResult {
	const spec = baseConfig.indicators.find((s) => s.key === indicator);
	if (!spec) throw new RangeError(`indicator "${indicator}" is not part of the configuration`);
	const base = computeCompositeIndex(areas, baseConfig);
	const variants = weights.map((w) => compareVariant(base, computeCompositeIndex(areas, withWeight(baseConfig, indicator, w)), w));
	return { indicator, baseWeight: spec.weight, base: positionsOf(base), variants };
}

function withWeight(config: CompositeIndexConfig, indicator: string, weight: number): CompositeIndexConfig {
	return { ...config, indicators: config.indicators.map((s) => (s.key === indicator ? { ...s, weight } : s)) };
}

function positionsOf(result: CompositeIndexResult): Record<string, AreaPosition> {
	const out: Record<string, AreaPosition> = {};
	for (const a of result.areas) out[a.areaId] = { rank: a.rank, class: a.class };
	return out;
}

// Inclusion does not depend on weights (see exclusionOf), so base and variant include the same areas;
// the lookup by id still guards against a future rule that makes it depend on them.
function compareVariant(base: CompositeIndexResult, variant: CompositeIndexResult, weight: number): SensitivityVariant {
	const byId = new Map(variant.areas.map((a) => [a.areaId, a]));
	const rankChange: Record<string, number | null> = {};
	const baseIndex: number[] = [];
	const variantIndex: number[] = [];
	let classChanges = 0;
	let maxRankShift = 0;
	for (const b of base.areas) {
		const v = byId.get(b.areaId);
		if (!b.included || !v || !v.included) {
			rankChange[b.areaId] = null;
			continue;
		}
		const change = (b.rank as number) - (v.rank as number);
		rankChange[b.areaId] = change;
		maxRankShift = Math.max(maxRankShift, Math.abs(change));
		if (b.class !== v.class) classChanges++;
		baseIndex.push(b.index as number);
		variantIndex.push(v.index as number);
	}
	return {
		weight,
		positions: positionsOf(variant),
		rankChange,
		spearman: spearman(baseIndex, variantIndex),
		classChanges,
		maxRankShift
	};
}
