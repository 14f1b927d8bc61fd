/**
 * The figures the views, exports and API show: a district (a set of statistical areas) against the city, time
 * series, and all areas of one indicator and period (maps, rankings, comparison). Every result has passed
 * disclosure control (disclose.ts); raw observations never leave through here.
 *
 * Aggregating areas: shares are recomputed from the summed numerators and denominators (never averaged),
 * counts are summed, other values are averaged weighted by their denominator (or the area's population) when
 * known. An aggregate that contains a suppressed area is unknown (it would otherwise be too low and could,
 * with the shown parts, reveal the suppressed value).
 *
 * The city beside a district or area (cityAggregate): the stored observation of the municipality-wide area
 * (level 'city') when there is one; otherwise the aggregate of all areas of the reference level that have an
 * observation; when some of them are suppressed at source or lack a usable value (the Berlin social monitoring publishes shares only and
 * keeps small areas secret), the aggregate of the areas with known values, marked 'partial' with the number
 * of areas it is computed from, so that a page can say "computed from N of M areas". It is published only
 * when the areas it sums could be published with it as their total (disclosure.ts, complementary
 * suppression), since a map shows those areas one by one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { NotFoundError } from '../core/errors';
import { suppressSeries } from '../../domain/statistics/disclosure';
import { discloseObservations, type DisclosedFigure, type RawFigure } from './disclose';
import {
	findAreas,
	findIndicator,
	listDistrictAreaIds,
	listIndicators,
	listObservations,
	listObservationsForLevel,
	listObservationsForPeriod,
	type Indicator,
	type Observation,
	type StatisticalArea
} from './indicators.repository';

type Q = Kysely<Database>;

export interface Coverage {
	/** areas asked for */
	areas: number;
	/** areas with an observation */
	withData: number;
	/** of those, suppressed by the source */
	suppressed: number;
	/** areas the figure is computed from (0 when it is unknown) */
	used: number;
}

/** How the city figure was obtained: see cityAggregate. */
export type CityBasis = 'stored' | 'all' | 'partial' | 'none';

/** The level of the statistical area that stands for the whole municipality. */
export const CITY_LEVEL = 'city';

export interface AggregateFigure extends RawFigure {
	coverage: Coverage;
}

/** Aggregates observations of one indicator and period over several areas. */
export function aggregate(indicator: Pick<Indicator, 'valueKind' | 'scale'>, obs: readonly Observation[], areaCount: number, population?: ReadonlyMap<string, number | null>): AggregateFigure {
	const coverage: Coverage = { areas: areaCount, withData: obs.length, suppressed: obs.filter((o) => o.suppressed).length, used: obs.length };
	const estimated = obs.some((o) => o.estimated);
	const provisional = obs.some((o) => o.provisional);
	const unknown: AggregateFigure = { value: null, numerator: null, denominator: null, suppressed: true, estimated, provisional, coverage: { ...coverage, used: 0 } };
	if (obs.length === 0) return { ...unknown, suppressed: false };
	if (coverage.suppressed > 0) return unknown;
	const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
	if (indicator.valueKind === 'count') {
		if (obs.some((o) => o.value === null)) return unknown;
		return { value: sum(obs.map((o) => o.value)), numerator: null, denominator: null, suppressed: false, estimated, provisional, coverage };
	}
	if (indicator.valueKind === 'share' && obs.every((o) => o.numerator !== null && o.denominator !== null)) {
		const n = sum(obs.map((o) => o.numerator));
		const d = sum(obs.map((o) => o.denominator));
		return { value: d > 0 ? (n / d) * indicator.scale : null, numerator: n, denominator: d, suppressed: false, estimated, provisional, coverage };
	}
	if (obs.length === 1) return { value: obs[0].value, numerator: null, denominator: null, suppressed: false, estimated, provisional, coverage };
	// Weighted mean; without any weight it would misstate the district, so it is only formed with weights.
	const weights = obs.map((o) => o.denominator ?? population?.get(o.areaId) ?? null);
	if (weights.some((w) => w === null) || obs.some((o) => o.value === null)) return { ...unknown, suppressed: false };
	const w = sum(weights);
	const value = w > 0 ? obs.reduce((a, o, i) => a + (o.value as number) * (weights[i] as number), 0) / w : null;
	return { value, numerator: null, denominator: null, suppressed: false, estimated: true, provisional, coverage };
}

export interface CityFigure extends AggregateFigure {
	basis: CityBasis;
}

const isKnown = (o: Observation) => !o.suppressed && (o.value !== null || (o.numerator !== null && o.denominator !== null));
const hasCounts = (o: Observation) => o.numerator !== null && o.denominator !== null;

/**
 * Could the given areas be published together with their total? The counts behind the figure (the values of a
 * count indicator, numerators and denominators of a share) must need no complementary suppression as one line
 * with their total: otherwise the total minus the areas a map shows gives back an area kept secret there.
 */
export function partialTotalDisclosable(indicator: Pick<Indicator, 'valueKind' | 'disclosureMin'>, known: readonly Observation[]): boolean {
	const lines: (number | null)[][] =
		indicator.valueKind === 'count' ? [known.map((o) => o.value)] : indicator.valueKind === 'share' && known.every(hasCounts) ? [known.map((o) => o.numerator), known.map((o) => o.denominator)] : [];
	return lines.every((line) =>
		suppressSeries(
			line.map((v) => Math.max(0, Math.round(v ?? 0))),
			{ minCount: indicator.disclosureMin }
		).cells.every((c) => !c.flags.includes('suppressed-secondary'))
	);
}

/**
 * The city value for one indicator and period (see the head of this file): the stored municipality-wide
 * observation, or the aggregate of all areas, or of the areas with known values ('partial', coverage.used of
 * coverage.areas), never hiding that areas are missing.
 */
export function cityAggregate(
	indicator: Pick<Indicator, 'valueKind' | 'scale' | 'disclosureMin'>,
	obs: readonly Observation[],
	areaCount: number,
	population?: ReadonlyMap<string, number | null>,
	stored?: Observation | null
): CityFigure {
	const base: Coverage = { areas: areaCount, withData: obs.length, suppressed: obs.filter((o) => o.suppressed).length, used: 0 };
	if (stored) {
		const f = { value: stored.suppressed ? null : stored.value, numerator: stored.numerator, denominator: stored.denominator, suppressed: stored.suppressed, estimated: stored.estimated, provisional: stored.provisional };
		return { ...f, coverage: { ...base, used: stored.suppressed ? 0 : areaCount }, basis: 'stored' };
	}
	const all = aggregate(indicator, obs, areaCount, population);
	// Every area with an observation goes in (areas without any, e.g. where nobody lives, show in the coverage).
	if (all.value !== null && !all.suppressed) return { ...all, basis: 'all' };
	// Areas with a known value (and, for a weighted mean, a known weight).
	let known = obs.filter(isKnown);
	if (indicator.valueKind === 'count') known = known.filter((o) => o.value !== null);
	else if (!(indicator.valueKind === 'share' && known.every(hasCounts)) && known.length > 1)
		known = known.filter((o) => o.value !== null && (o.denominator ?? population?.get(o.areaId) ?? null) !== null);
	const none: CityFigure = { value: null, numerator: null, denominator: null, suppressed: obs.length > 0, estimated: all.estimated, provisional: all.provisional, coverage: base, basis: 'none' };
	if (known.length === 0) return none;
	const part = aggregate(indicator, known, areaCount, population);
	if (part.value === null || part.suppressed) return none;
	const coverage: Coverage = { ...base, used: known.length };
	if (!partialTotalDisclosable(indicator, known)) return { ...none, suppressed: true, coverage: { ...coverage, used: 0 }, basis: 'partial' };
	return { ...part, coverage, basis: 'partial' };
}

/** The stored observations of the municipality-wide area (level 'city'), by indicator and period. */
async function storedCityObservations(db: Q, municipalityId: string, q: { indicatorIds: readonly string[]; period?: string }): Promise<Map<string, Observation>> {
	const city = await db.selectFrom('statistical_area').select('id').where('municipality_id', '=', municipalityId).where('level', '=', CITY_LEVEL).orderBy('code').executeTakeFirst();
	if (!city) return new Map();
	const obs = await listObservations(db, municipalityId, { indicatorIds: q.indicatorIds, areaIds: [city.id], period: q.period });
	return new Map(obs.map((o) => [`${o.indicatorId}\u0000${o.period}`, o]));
}

/** Disclosure of a city figure keeps how it was obtained. */
function discloseCity(indicator: Indicator, own: AggregateFigure, city: CityFigure): [DisclosedFigure & { coverage: Coverage }, DisclosedFigure & { coverage: Coverage; basis: CityBasis }] {
	const [a, c] = discloseObservations(indicator, [own, city]).figures;
	return [a, { ...c, basis: city.basis }];
}

export interface ProfileRow {
	indicator: Indicator;
	district: DisclosedFigure & { coverage: Coverage };
	city: DisclosedFigure & { coverage: Coverage; basis: CityBasis };
}

/** The levels of the given areas, the most common first. */
function levelsByCount(areas: StatisticalArea[]): string[] {
	const n = new Map<string, number>();
	for (const a of areas) n.set(a.level, (n.get(a.level) ?? 0) + 1);
	return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([level]) => level);
}

/** The level most of the given areas are on (the city reference is formed over all areas of that level). */
function referenceLevel(areas: StatisticalArea[]): string | null {
	const n = new Map<string, number>();
	for (const a of areas) n.set(a.level, (n.get(a.level) ?? 0) + 1);
	return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * District profile against the city for one period: for every indicator (or the chosen ones) the district's
 * aggregate over its areas and the city's aggregate over all areas of the same level. Foreign or unknown area
 * ids are ignored (they are not this municipality's).
 */
export async function districtProfile(db: Q, municipalityId: string, q: { areaIds: readonly string[]; period: string; indicatorIds?: readonly string[] }): Promise<ProfileRow[]> {
	const areas = await findAreas(db, municipalityId, q.areaIds);
	const levels = levelsByCount(areas);
	const all = await listIndicators(db, municipalityId);
	const indicators = q.indicatorIds ? all.filter((i) => q.indicatorIds!.includes(i.id)) : all;
	if (levels.length === 0 || indicators.length === 0) return [];
	const ids = indicators.map((i) => i.id);
	const [own, cityByLevel, cityAreas] = await Promise.all([
		listObservations(db, municipalityId, { indicatorIds: ids, areaIds: areas.map((a) => a.id), period: q.period }),
		Promise.all(levels.map((level) => listObservationsForLevel(db, municipalityId, { indicatorIds: ids, level, period: q.period }))),
		db.selectFrom('statistical_area').select(['id', 'population', 'level']).where('municipality_id', '=', municipalityId).where('level', 'in', levels).execute()
	]);
	const stored = await storedCityObservations(db, municipalityId, { indicatorIds: ids, period: q.period });
	const population = new Map(cityAreas.map((a) => [a.id, a.population === null ? null : Number(a.population)]));
	const levelOf = new Map(areas.map((a) => [a.id, a.level]));
	return indicators.map((indicator) => {
		const mine = own.filter((o) => o.indicatorId === indicator.id);
		// A district composed of areas of several levels (e.g. planning areas, and the area a Zensus grid import
		// mirrors the district by) is aggregated on ONE level per indicator, so no figure is counted twice: the
		// most common level that has data for the indicator.
		const k = Math.max(0, levels.findIndex((l) => mine.some((o) => levelOf.get(o.areaId) === l)));
		const level = levels[k];
		const d = aggregate(indicator, mine.filter((o) => levelOf.get(o.areaId) === level), areas.filter((a) => a.level === level).length, population);
		const c = cityAggregate(indicator, cityByLevel[k].filter((o) => o.indicatorId === indicator.id), cityAreas.filter((a) => a.level === level).length, population, level === CITY_LEVEL ? null : stored.get(`${indicator.id}\u0000${q.period}`));
		const [dd, cc] = discloseCity(indicator, d, c);
		return { indicator, district: dd, city: cc };
	});
}

/** The profile of a district by its linked statistical areas. */
export async function districtProfileOf(db: Q, municipalityId: string, q: { districtId: string; period: string; indicatorIds?: readonly string[] }): Promise<ProfileRow[]> {
	const areaIds = await listDistrictAreaIds(db, municipalityId, q.districtId);
	return districtProfile(db, municipalityId, { areaIds, period: q.period, indicatorIds: q.indicatorIds });
}

export interface SeriesPoint {
	period: string;
	areas: DisclosedFigure & { coverage: Coverage };
	city: DisclosedFigure & { coverage: Coverage; basis: CityBasis };
}

/** Time series of one indicator for an area (or a set of areas, aggregated) with the city beside it. */
export async function timeSeries(db: Q, municipalityId: string, q: { indicatorId: string; areaIds: readonly string[] }): Promise<{ indicator: Indicator; points: SeriesPoint[] }> {
	const indicator = await findIndicator(db, municipalityId, q.indicatorId);
	if (!indicator) throw new NotFoundError('indicator');
	const areas = await findAreas(db, municipalityId, q.areaIds);
	const level = referenceLevel(areas);
	if (!level) return { indicator, points: [] };
	const [own, city, cityAreas, stored] = await Promise.all([
		listObservations(db, municipalityId, { indicatorIds: [indicator.id], areaIds: areas.map((a) => a.id) }),
		listObservationsForLevel(db, municipalityId, { indicatorIds: [indicator.id], level }),
		db.selectFrom('statistical_area').select(['id', 'population']).where('municipality_id', '=', municipalityId).where('level', '=', level).execute(),
		level === CITY_LEVEL ? Promise.resolve(new Map<string, Observation>()) : storedCityObservations(db, municipalityId, { indicatorIds: [indicator.id] })
	]);
	const population = new Map(cityAreas.map((a) => [a.id, a.population === null ? null : Number(a.population)]));
	const periods = [...new Set(own.map((o) => o.period))].sort();
	const points = periods.map((period) => {
		const a = aggregate(indicator, own.filter((o) => o.period === period), areas.length, population);
		const c = cityAggregate(indicator, city.filter((o) => o.period === period), cityAreas.length, population, stored.get(`${indicator.id}\u0000${period}`));
		const [aa, cc] = discloseCity(indicator, a, c);
		return { period, areas: aa, city: cc };
	});
	return { indicator, points };
}

export interface AreaFigure extends DisclosedFigure {
	areaId: string;
	areaCode: string;
	areaName: string;
}

/**
 * All areas of one level for one indicator and period, with the city total formed from them: the table
 * behind a choropleth map, a ranking or a comparison. Complementary suppression applies, because the total
 * is published with the areas.
 */
export async function indicatorAcrossAreas(
	db: Q,
	municipalityId: string,
	q: { indicatorId: string; period: string; level: string }
): Promise<{ indicator: Indicator; areas: AreaFigure[]; total: DisclosedFigure | null }> {
	const indicator = await findIndicator(db, municipalityId, q.indicatorId);
	if (!indicator) throw new NotFoundError('indicator');
	const obs = await listObservationsForPeriod(db, municipalityId, q);
	const figures = obs.map((o) => ({ areaId: o.areaId, areaCode: o.areaCode, areaName: o.areaName, value: o.value, numerator: o.numerator, denominator: o.denominator, suppressed: o.suppressed, estimated: o.estimated, provisional: o.provisional }));
	const disclosed = discloseObservations(indicator, figures, { total: 'sum' });
	return { indicator, areas: disclosed.figures, total: disclosed.total };
}
