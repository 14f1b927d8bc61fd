/**
 * Kysely queries for the indicator catalogue, statistical areas and observations. Every function takes the
 * municipality id. Figures read here are raw: before they leave the server they go through
 * discloseObservations() (disclose.ts), which the figure services in indicator-figures.ts do.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, IndicatorTable, ImportRunTable, ObservationTable, StatisticalAreaTable } from '../db/schema';
import type { Direction, ValueKind } from './indicator-input';

type Q = Kysely<Database> | Transaction<Database>;

export interface Indicator {
	id: string;
	key: string;
	name: string;
	unit: string;
	definition: string;
	numeratorDescription: string;
	denominatorDescription: string;
	source: string;
	spatialLevel: string;
	direction: Direction;
	valueKind: ValueKind;
	isShare: boolean;
	disclosureMin: number;
	scale: number;
	topic: string;
	sortOrder: number;
	createdAt: string;
	updatedAt: string;
}

export const toIndicator = (r: IndicatorTable): Indicator => ({
	id: r.id,
	key: r.key,
	name: r.name,
	unit: r.unit,
	definition: r.definition,
	numeratorDescription: r.numerator_description,
	denominatorDescription: r.denominator_description,
	source: r.source,
	spatialLevel: r.spatial_level,
	direction: r.direction,
	valueKind: Number(r.is_share) === 1 ? 'share' : Number(r.is_count) === 1 ? 'count' : 'other',
	isShare: Number(r.is_share) === 1,
	disclosureMin: Number(r.disclosure_min),
	scale: Number(r.scale),
	topic: r.topic,
	sortOrder: Number(r.sort_order),
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

export interface StatisticalArea {
	id: string;
	code: string;
	name: string;
	level: string;
	parentId: string | null;
	population: number | null;
	hasBoundary: boolean;
}

const toArea = (r: Pick<StatisticalAreaTable, 'id' | 'code' | 'name' | 'level' | 'parent_id' | 'population'> & { has_boundary: number | boolean }): StatisticalArea => ({
	id: r.id,
	code: r.code,
	name: r.name,
	level: r.level,
	parentId: r.parent_id,
	population: r.population === null ? null : Number(r.population),
	hasBoundary: Boolean(Number(r.has_boundary))
});

/** A stored observation with its flags as booleans. */
export interface Observation {
	indicatorId: string;
	areaId: string;
	period: string;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	suppressed: boolean;
	estimated: boolean;
	provisional: boolean;
	limited: boolean;
}

const num = (v: number | null) => (v === null ? null : Number(v));
export const toObservation = (r: Pick<ObservationTable, 'indicator_id' | 'area_id' | 'period' | 'value' | 'numerator' | 'denominator' | 'suppressed' | 'estimated' | 'provisional' | 'limited'>): Observation => ({
	indicatorId: r.indicator_id,
	areaId: r.area_id,
	period: r.period,
	value: num(r.value),
	numerator: num(r.numerator),
	denominator: num(r.denominator),
	suppressed: Number(r.suppressed) === 1,
	estimated: Number(r.estimated) === 1,
	provisional: Number(r.provisional) === 1,
	limited: Number(r.limited) === 1
});

const observationColumns = ['o.indicator_id', 'o.area_id', 'o.period', 'o.value', 'o.numerator', 'o.denominator', 'o.suppressed', 'o.estimated', 'o.provisional', 'o.limited'] as const;

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

// ---------------------------------------------------------------- indicators

export async function listIndicators(db: Q, municipalityId: string): Promise<Indicator[]> {
	const rows = await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).execute();
	return rows.map(toIndicator).sort((a, b) => a.sortOrder - b.sortOrder || collator.compare(a.name, b.name));
}

export async function findIndicator(db: Q, municipalityId: string, id: string): Promise<Indicator | undefined> {
	const r = await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toIndicator(r);
}

export async function findIndicatorByKey(db: Q, municipalityId: string, key: string): Promise<Indicator | undefined> {
	const r = await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('key', '=', key).executeTakeFirst();
	return r && toIndicator(r);
}

export async function countObservationsOfIndicator(db: Q, municipalityId: string, indicatorId: string): Promise<number> {
	const r = await db
		.selectFrom('observation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.where('indicator_id', '=', indicatorId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

// ---------------------------------------------------------------- statistical areas

export async function listAreas(db: Q, municipalityId: string, level?: string): Promise<StatisticalArea[]> {
	let q = db
		.selectFrom('statistical_area')
		.select(['id', 'code', 'name', 'level', 'parent_id', 'population'])
		.select((eb) => eb.case().when('boundary', 'is not', null).then(1).else(0).end().as('has_boundary'))
		.where('municipality_id', '=', municipalityId);
	if (level) q = q.where('level', '=', level);
	const rows = await q.execute();
	return rows.map(toArea).sort((a, b) => collator.compare(a.code, b.code));
}

/** The areas among `ids` that belong to the municipality (foreign or unknown ids are left out). */
export async function findAreas(db: Q, municipalityId: string, ids: readonly string[]): Promise<StatisticalArea[]> {
	if (ids.length === 0) return [];
	const out: StatisticalArea[] = [];
	for (let i = 0; i < ids.length; i += 1000) {
		const rows = await db
			.selectFrom('statistical_area')
			.select(['id', 'code', 'name', 'level', 'parent_id', 'population'])
			.select((eb) => eb.case().when('boundary', 'is not', null).then(1).else(0).end().as('has_boundary'))
			.where('municipality_id', '=', municipalityId)
			.where('id', 'in', ids.slice(i, i + 1000))
			.execute();
		out.push(...rows.map(toArea));
	}
	return out;
}

/** Areas with boundaries as GeoJSON text, for maps and grid assignment. */
export async function listAreaBoundaries(db: Q, municipalityId: string, level: string): Promise<{ id: string; code: string; name: string; boundary: string }[]> {
	const rows = await db
		.selectFrom('statistical_area')
		.select(['id', 'code', 'name', 'boundary'])
		.where('municipality_id', '=', municipalityId)
		.where('level', '=', level)
		.where('boundary', 'is not', null)
		.orderBy('code')
		.execute();
	return rows as { id: string; code: string; name: string; boundary: string }[];
}

export async function listDistrictAreaIds(db: Q, municipalityId: string, districtId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('district_area')
		.select('area_id')
		.where('municipality_id', '=', municipalityId)
		.where('district_id', '=', districtId)
		.execute();
	return rows.map((r) => r.area_id).sort();
}

// ---------------------------------------------------------------- observations

/** All observations of one indicator and period (maps, rankings, comparison), with the area's code and name. */
export async function listObservationsForPeriod(
	db: Q,
	municipalityId: string,
	q: { indicatorId: string; period: string; level?: string }
): Promise<(Observation & { areaCode: string; areaName: string; areaLevel: string })[]> {
	let query = db
		.selectFrom('observation as o')
		.innerJoin('statistical_area as a', (j) => j.onRef('a.id', '=', 'o.area_id').onRef('a.municipality_id', '=', 'o.municipality_id'))
		.select(observationColumns)
		.select(['a.code', 'a.name', 'a.level'])
		.where('o.municipality_id', '=', municipalityId)
		.where('o.indicator_id', '=', q.indicatorId)
		.where('o.period', '=', q.period);
	if (q.level) query = query.where('a.level', '=', q.level);
	const rows = await query.execute();
	return rows
		.map((r) => ({ ...toObservation(r), areaCode: r.code, areaName: r.name, areaLevel: r.level }))
		.sort((a, b) => collator.compare(a.areaCode, b.areaCode));
}

/** Observations of some indicators for a set of areas (one period, or all periods when none is given). */
export async function listObservations(
	db: Q,
	municipalityId: string,
	q: { indicatorIds?: readonly string[]; areaIds: readonly string[]; period?: string }
): Promise<Observation[]> {
	if (q.areaIds.length === 0 || q.indicatorIds?.length === 0) return [];
	const out: Observation[] = [];
	for (let i = 0; i < q.areaIds.length; i += 1000) {
		let query = db
			.selectFrom('observation as o')
			.select(observationColumns)
			.where('o.municipality_id', '=', municipalityId)
			.where('o.area_id', 'in', q.areaIds.slice(i, i + 1000));
		if (q.indicatorIds) query = query.where('o.indicator_id', 'in', [...q.indicatorIds]);
		if (q.period) query = query.where('o.period', '=', q.period);
		out.push(...(await query.execute()).map(toObservation));
	}
	return out.sort((a, b) => a.period.localeCompare(b.period) || a.areaId.localeCompare(b.areaId));
}

/** Observations of indicators over all areas of one level (the city reference of a profile). */
export async function listObservationsForLevel(
	db: Q,
	municipalityId: string,
	q: { indicatorIds: readonly string[]; level: string; period?: string }
): Promise<Observation[]> {
	if (q.indicatorIds.length === 0) return [];
	let query = db
		.selectFrom('observation as o')
		.innerJoin('statistical_area as a', (j) => j.onRef('a.id', '=', 'o.area_id').onRef('a.municipality_id', '=', 'o.municipality_id'))
		.select(observationColumns)
		.where('o.municipality_id', '=', municipalityId)
		.where('a.level', '=', q.level)
		.where('o.indicator_id', 'in', [...q.indicatorIds]);
	if (q.period) query = query.where('o.period', '=', q.period);
	return (await query.execute()).map(toObservation);
}

/** Periods with data for an indicator, oldest first. */
export async function listPeriods(db: Q, municipalityId: string, indicatorId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('observation')
		.select('period')
		.distinct()
		.where('municipality_id', '=', municipalityId)
		.where('indicator_id', '=', indicatorId)
		.execute();
	return rows.map((r) => r.period).sort();
}

// ---------------------------------------------------------------- import runs

export interface ImportRun {
	id: string;
	fileName: string;
	kind: string;
	status: ImportRunTable['status'];
	mapping: unknown;
	report: unknown;
	rowsTotal: number;
	insertedCount: number;
	updatedCount: number;
	errorCount: number;
	jobId: string | null;
	createdBy: string | null;
	createdAt: string;
	finishedAt: string | null;
}

const importColumns = ['id', 'file_name', 'kind', 'status', 'mapping', 'report', 'rows_total', 'inserted_count', 'updated_count', 'error_count', 'job_id', 'created_by', 'created_at', 'finished_at'] as const;

const toImportRun = (r: Omit<ImportRunTable, 'municipality_id' | 'file_content'>): ImportRun => ({
	id: r.id,
	fileName: r.file_name,
	kind: r.kind,
	status: r.status,
	mapping: JSON.parse(r.mapping),
	report: JSON.parse(r.report),
	rowsTotal: Number(r.rows_total),
	insertedCount: Number(r.inserted_count),
	updatedCount: Number(r.updated_count),
	errorCount: Number(r.error_count),
	jobId: r.job_id,
	createdBy: r.created_by,
	createdAt: r.created_at,
	finishedAt: r.finished_at
});

export async function findImportRun(db: Q, municipalityId: string, id: string): Promise<ImportRun | undefined> {
	const r = await db.selectFrom('import_run').select(importColumns).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toImportRun(r);
}

export async function listImportRuns(db: Q, municipalityId: string, limit = 50): Promise<ImportRun[]> {
	const rows = await db
		.selectFrom('import_run')
		.select(importColumns)
		.where('municipality_id', '=', municipalityId)
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map(toImportRun);
}
