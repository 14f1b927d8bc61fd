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

// ---------------------------------------------------------------- Zensus grid import (grid-import.ts)

/** Polygons a grid import aggregates to: statistical areas of one level, or the districts, with boundaries. */
export async function listGridTargetRows(db: Q, municipalityId: string, target: 'areas' | 'districts', level?: string | null): Promise<{ id: string; code: string; name: string; boundary: string | null }[]> {
	return target === 'areas'
		? db.selectFrom('statistical_area').select(['id', 'code', 'name', 'boundary']).where('municipality_id', '=', municipalityId).where('level', '=', level ?? '').where('boundary', 'is not', null).orderBy('id').execute()
		: db.selectFrom('district').select(['id', 'code', 'name', 'boundary']).where('municipality_id', '=', municipalityId).where('boundary', 'is not', null).orderBy('id').execute();
}

/** The cached cell → polygon assignment for one boundary version. */
export async function listGridCellAssignment(db: Q, municipalityId: string, boundaryVersion: string): Promise<{ grid_id: string; area_id: string | null; district_id: string | null }[]> {
	return db.selectFrom('grid_cell_assignment').select(['grid_id', 'area_id', 'district_id']).where('municipality_id', '=', municipalityId).where('boundary_version', '=', boundaryVersion).execute();
}

/** Adds assignments (already known ones are left as they are). Batches of 500 rows. */
export async function insertGridCellAssignments(trx: Transaction<Database>, rows: Database['grid_cell_assignment'][]): Promise<void> {
	for (let i = 0; i < rows.length; i += 500)
		await trx
			.insertInto('grid_cell_assignment')
			.values(rows.slice(i, i + 500))
			.onConflict((oc) => oc.doNothing())
			.execute();
}

/** Statistical areas of one level with the districts they are linked to (for the areas mirroring districts). */
export async function listAreasOfLevelWithDistricts(db: Q, municipalityId: string, level: string): Promise<{ id: string; code: string; districtIds: string[] }[]> {
	const areas = await db.selectFrom('statistical_area').select(['id', 'code']).where('municipality_id', '=', municipalityId).where('level', '=', level).orderBy('id').execute();
	const links = areas.length
		? await db
				.selectFrom('district_area as da')
				.innerJoin('statistical_area as a', (j) => j.onRef('a.id', '=', 'da.area_id').onRef('a.municipality_id', '=', 'da.municipality_id'))
				.select(['da.area_id', 'da.district_id'])
				.where('da.municipality_id', '=', municipalityId)
				.where('a.level', '=', level)
				.execute()
		: [];
	return areas.map((a) => ({ id: a.id, code: a.code, districtIds: links.filter((l) => l.area_id === a.id).map((l) => l.district_id) }));
}

/** Every statistical area code of the municipality (codes are unique across levels). */
export async function listAreaCodes(db: Q, municipalityId: string): Promise<string[]> {
	return (await db.selectFrom('statistical_area').select('code').where('municipality_id', '=', municipalityId).execute()).map((r) => r.code);
}

export async function insertStatisticalArea(trx: Transaction<Database>, row: Database['statistical_area']): Promise<void> {
	await trx.insertInto('statistical_area').values(row).execute();
}

/** Keeps an area's name and boundary in step with what it mirrors. */
export async function updateAreaNameAndBoundary(trx: Transaction<Database>, municipalityId: string, areaId: string, name: string, boundary: string, now: string): Promise<void> {
	await trx.updateTable('statistical_area').set({ name, boundary, updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', areaId).execute();
}

/** Links an area to a district (composition); an existing link is kept. Returns whether a link was added. */
export async function addDistrictAreaLink(trx: Transaction<Database>, municipalityId: string, districtId: string, areaId: string): Promise<boolean> {
	const exists = await trx.selectFrom('district_area').select('area_id').where('municipality_id', '=', municipalityId).where('district_id', '=', districtId).where('area_id', '=', areaId).executeTakeFirst();
	if (exists) return false;
	await trx.insertInto('district_area').values({ municipality_id: municipalityId, district_id: districtId, area_id: areaId }).execute();
	return true;
}

export async function insertImportRun(trx: Transaction<Database>, row: Database['import_run']): Promise<void> {
	await trx.insertInto('import_run').values(row).execute();
}

/** What a job needs of its run: settings, status, and the upload of runs queued before files went to disk. */
export async function findImportRunForJob(db: Q, municipalityId: string, id: string): Promise<{ id: string; kind: string; status: ImportRunTable['status']; mapping: string; file_content: Uint8Array | null } | undefined> {
	return db.selectFrom('import_run').select(['id', 'mapping', 'file_content', 'status', 'kind']).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
}

export async function markImportRunRunning(db: Q, municipalityId: string, id: string): Promise<void> {
	await db.updateTable('import_run').set({ status: 'running' }).where('id', '=', id).where('municipality_id', '=', municipalityId).execute();
}

/** Stores the outcome of a run and drops any upload kept in the row. */
export async function finishImportRun(
	trx: Transaction<Database>,
	municipalityId: string,
	id: string,
	r: { status: 'succeeded' | 'failed'; report: unknown; rowsTotal: number; inserted: number; updated: number; errors: number; now: string }
): Promise<void> {
	await trx
		.updateTable('import_run')
		.set({ status: r.status, report: JSON.stringify(r.report), rows_total: r.rowsTotal, inserted_count: r.inserted, updated_count: r.updated, error_count: r.errors, file_content: null, finished_at: r.now })
		.where('id', '=', id)
		.where('municipality_id', '=', municipalityId)
		.execute();
}

/** Whether a run of this municipality still waits for its job (its files must be kept). */
export async function isImportRunPending(db: Q, municipalityId: string, id: string): Promise<boolean> {
	const r = await db.selectFrom('import_run').select('status').where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return !!r && (r.status === 'queued' || r.status === 'running');
}

/** The grid import form's choices: indicators, area levels with boundaries (without `excludeLevel`), districts with boundaries. */
export async function gridImportChoices(db: Q, municipalityId: string, excludeLevel: string) {
	const indicators = await db.selectFrom('indicator').select(['key', 'name', 'is_count', 'is_share']).where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('name').execute();
	const levels = await db
		.selectFrom('statistical_area')
		.select(['level', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.where('boundary', 'is not', null)
		.where('level', '!=', excludeLevel)
		.groupBy('level')
		.orderBy('level')
		.execute();
	const districts = await db.selectFrom('district').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('boundary', 'is not', null).executeTakeFirstOrThrow();
	return { indicators, levels, districtsWithBoundaries: Number(districts.n) };
}

/** Observations written by one import run, with their area. */
export async function listObservationsOfImportRun(db: Q, municipalityId: string, importRunId: string) {
	return db
		.selectFrom('observation')
		.innerJoin('statistical_area', (j) => j.onRef('statistical_area.id', '=', 'observation.area_id').onRef('statistical_area.municipality_id', '=', 'observation.municipality_id'))
		.select(['observation.indicator_id', 'observation.value', 'observation.numerator', 'observation.denominator', 'observation.suppressed', 'observation.estimated', 'observation.provisional', 'statistical_area.id as area_id', 'statistical_area.code', 'statistical_area.name'])
		.where('observation.municipality_id', '=', municipalityId)
		.where('observation.source_import_id', '=', importRunId)
		.orderBy('statistical_area.code')
		.execute();
}

export async function listIndicatorsByIds(db: Q, municipalityId: string, ids: readonly string[]): Promise<Indicator[]> {
	if (ids.length === 0) return [];
	return (await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('id', 'in', ids).orderBy('sort_order').execute()).map(toIndicator);
}
