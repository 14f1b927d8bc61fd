/**
 * A composite index over chosen indicators for areas ("Stadtteil auswählen … auf Grundlage
 * aussagekräftiger Indikatoren"), built the way German social monitoring reports build theirs:
 *
 * 1. decide which areas take part (minimum population, manual exclusions, missing values),
 * 2. z-standardise every indicator over the included areas (simple mean, population SD by default),
 * 3. give each z the indicator's direction (+ when a higher value is worse, − when it is better)
 *    and weight, and add them up (the raw sum),
 * 4. standardise the raw sum again over the included areas (the index: mean 0, SD 1), so that
 *    class thresholds mean "standard deviations from the city average" whatever the weights are,
 * 5. cut classes at SD thresholds and rank (1 = most disadvantaged).
 *
 * Configured like the Berlin "Monitoring Soziale Stadtentwicklung 2021" this reproduces the published
 * status and dynamics index classes of all 536 valid planning areas (see mss-2021.test.ts).
 *
 * The index always grows with disadvantage: class 1 and the last rank are the best-off areas.
 */
import { assertThresholds, classify } from './classify';
import { competitionRanksDescending } from './ranking';
import { moments, zScore, type Moments, type SdKind } from './standardise';

export type Direction = 'higherIsWorse' | 'higherIsBetter';

export interface IndicatorSpec {
	key: string;
	direction: Direction;
	/** relative weight ≥ 0; 0 keeps the indicator in the explanation but out of the sum */
	weight: number;
}

/**
 * What to do when an included area lacks a value (null, undefined or not finite):
 * - 'excludeArea': the area takes no part at all (no score, reason 'missingValues' naming the
 *   indicators) and does not influence any mean or SD. Comparable, and what MSS does.
 * - 'ignoreIndicator': the area keeps its other indicators. Each indicator is standardised over the
 *   areas that have it; the area's raw sum is its weighted contributions scaled up to the full weight
 *   (sum × total weight ÷ weight present), so a missing indicator counts as "like the area's other
 *   indicators" rather than as "average" (0). Areas with no value at all are excluded ('noValues').
 */
export type MissingPolicy = 'excludeArea' | 'ignoreIndicator';

export interface CompositeIndexConfig {
	indicators: readonly IndicatorSpec[];
	/** ascending SD cut points on the index, e.g. [-1, 1, 1.5] → 4 classes */
	classThresholds: readonly number[];
	missing: MissingPolicy;
	/** areas with fewer inhabitants are excluded (reason 'belowMinPopulation'); unknown population then excludes too */
	minPopulation?: number;
	/** areas excluded by decision, with the reason shown to users (e.g. MSS: an outlier with extreme values) */
	manualExclusions?: Readonly<Record<string, string>>;
	/** default 'population' (the areas are the whole population of areas, not a sample) */
	sd?: SdKind;
}

export interface AreaInput {
	areaId: string;
	population?: number | null;
	values: Readonly<Record<string, number | null | undefined>>;
}

export type ExclusionReason = 'manual' | 'belowMinPopulation' | 'populationUnknown' | 'missingValues' | 'noValues';

export interface Exclusion {
	reason: ExclusionReason;
	/** for 'missingValues': which indicators are missing */
	indicators?: string[];
	/** for 'manual': the reason given in the configuration */
	note?: string;
}

export interface AreaScore {
	areaId: string;
	included: boolean;
	exclusion: Exclusion | null;
	/** standard score per indicator (unsigned: positive = above the mean); null when missing or excluded */
	z: Record<string, number | null>;
	/** weight × signed z per indicator (positive pulls towards disadvantage); null when missing or excluded */
	contributions: Record<string, number | null>;
	rawSum: number | null;
	/** the re-standardised sum */
	index: number | null;
	class: number | null;
	/** 1 = most disadvantaged; ties share the better rank */
	rank: number | null;
}

export interface CompositeIndexResult {
	config: CompositeIndexConfig;
	areas: AreaScore[];
	/** mean and SD per indicator over the areas it was standardised on */
	indicatorMoments: Record<string, Moments>;
	/** mean and SD of the raw sums (the re-standardisation) */
	sumMoments: Moments | null;
	includedCount: number;
}

export function computeCompositeIndex(areas: readonly AreaInput[], config: CompositeIndexConfig): CompositeIndexResult {
	validateConfig(config, areas);
	const sdKind = config.sd ?? 'population';
	const exclusions = areas.map((a) => exclusionOf(a, config));
	const included = areas.filter((_, i) => exclusions[i] === null);

	const indicatorMoments: Record<string, Moments> = {};
	for (const spec of config.indicators) {
		const present = included.map((a) => a.values[spec.key]).filter(isValue);
		indicatorMoments[spec.key] = moments(present, sdKind);
	}

	const scores: AreaScore[] = areas.map((a, i) => scoreArea(a, exclusions[i], config, indicatorMoments));
	const includedScores = scores.filter((s) => s.included);
	const sums = includedScores.map((s) => s.rawSum as number);
	const sumMoments = sums.length > 0 ? moments(sums, sdKind) : null;
	for (const s of includedScores) {
		s.index = zScore(s.rawSum as number, sumMoments as Moments);
		s.class = classify(s.index, config.classThresholds);
	}
	const ranks = competitionRanksDescending(includedScores.map((s) => s.index as number));
	includedScores.forEach((s, k) => (s.rank = ranks[k]));
	return { config, areas: scores, indicatorMoments, sumMoments, includedCount: includedScores.length };
}

function validateConfig(config: CompositeIndexConfig, areas: readonly AreaInput[]): void {
	if (config.indicators.length === 0) throw new RangeError('a composite index needs at least one indicator');
	const keys = new Set<string>();
	for (const spec of config.indicators) {
		if (keys.has(spec.key)) throw new RangeError(`indicator "${spec.key}" is listed twice`);
		keys.add(spec.key);
		if (!(Number.isFinite(spec.weight) && spec.weight >= 0)) throw new RangeError(`weight of "${spec.key}" must be a finite number ≥ 0`);
	}
	if (!config.indicators.some((s) => s.weight > 0)) throw new RangeError('at least one weight must be greater than 0');
	assertThresholds(config.classThresholds);
	const ids = new Set<string>();
	for (const a of areas) {
		if (ids.has(a.areaId)) throw new RangeError(`area "${a.areaId}" appears twice`);
		ids.add(a.areaId);
	}
}

function isValue(v: number | null | undefined): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

/** The first reason that applies, in the order a reader would check them. */
function exclusionOf(area: AreaInput, config: CompositeIndexConfig): Exclusion | null {
	const note = config.manualExclusions?.[area.areaId];
	if (note !== undefined) return { reason: 'manual', note };
	if (config.minPopulation !== undefined) {
		if (!isValue(area.population)) return { reason: 'populationUnknown' };
		if (area.population < config.minPopulation) return { reason: 'belowMinPopulation' };
	}
	const missing = config.indicators.filter((s) => !isValue(area.values[s.key])).map((s) => s.key);
	if (missing.length === config.indicators.length) return { reason: 'noValues', indicators: missing };
	if (missing.length > 0 && config.missing === 'excludeArea') return { reason: 'missingValues', indicators: missing };
	// Under 'ignoreIndicator' an area whose only present indicators have weight 0 has nothing to sum.
	if (!config.indicators.some((s) => s.weight > 0 && isValue(area.values[s.key]))) return { reason: 'noValues', indicators: missing };
	return null;
}

function scoreArea(area: AreaInput, exclusion: Exclusion | null, config: CompositeIndexConfig, stats: Record<string, Moments>): AreaScore {
	const z: Record<string, number | null> = {};
	const contributions: Record<string, number | null> = {};
	let sum = 0;
	let weightPresent = 0;
	let weightTotal = 0;
	for (const spec of config.indicators) {
		weightTotal += spec.weight;
		const v = area.values[spec.key];
		if (exclusion !== null || !isValue(v)) {
			z[spec.key] = null;
			contributions[spec.key] = null;
			continue;
		}
		const zi = zScore(v, stats[spec.key]);
		const c = spec.weight * (spec.direction === 'higherIsWorse' ? zi : -zi);
		z[spec.key] = zi;
		contributions[spec.key] = c;
		sum += c;
		weightPresent += spec.weight;
	}
	const rawSum = exclusion !== null ? null : weightPresent === weightTotal ? sum : (sum * weightTotal) / weightPresent;
	return { areaId: area.areaId, included: exclusion === null, exclusion, z, contributions, rawSum, index: null, class: null, rank: null };
}
