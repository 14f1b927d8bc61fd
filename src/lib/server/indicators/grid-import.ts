/**
 * Zensus 2022 100 m grid → observations per district or statistical area (issue 3, point 4).
 *
 * startGridImport stores the upload with a queued import run (kind 'zensus-grid') and enqueues a job;
 * runGridImportJob streams the cells through zensus-grid.ts, aggregates them to the target polygons and writes
 * the observations, the new part of the cell assignment cache and the finished run in ONE transaction.
 *
 * Cell assignment cache: grid_cell_assignment rows are keyed by `boundary_version`, a SHA-256 of the target
 * (kind, level) and every polygon (id and GeoJSON). A later import against unchanged boundaries loads the
 * assignment and does no point-in-polygon test for the cells it already knows; changed boundaries give a new
 * hash and hence a fresh assignment.
 *
 * Honest figures: counts are sums of the known cell values; a count with suppressed cells is flagged estimated
 * (it is a lower bound), a figure without any known cell is stored as suppressed. Shares and means are
 * weighted by the cell population (Einwohner); cells whose population is unknown are left out and counted.
 * The report counts suppressed cells per column.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/connection';
import type { Principal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { recordAudit } from '../core/audit';
import { ValidationError, type FieldErrors } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText } from '../core/validate';
import type { BoundaryGeometry } from '$lib/domain/geojson';
import { enqueueJob } from '../jobs/jobs.repository';
import { JobAbortedError, PermanentJobError, type JobContext } from '../jobs/runner';
import { aggregateGrid, DistrictIndex, readZensusGrid, type GridAggregateResult, type GridAssignment, type GridColumnKind } from '../statistics/import/zensus-grid';
import { ImportError, type ImportIssue } from '../statistics/import/issues';
import { findImportRun, toIndicator, type Indicator, type ImportRun } from './indicators.repository';
import { discloseObservations } from './disclose';
import { indicatorsByKey } from './register-import';
import { canImportStatistics } from './policies';
import { writeObservations, type ObservationWrite } from './write-observations';

export const GRID_IMPORT_JOB = 'indicators.grid-import';
/** Level of the statistical areas that carry the figures of districts (one per district, same code). */
export const DISTRICT_AREA_LEVEL = 'district';

const period = z.string().trim().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);

export const gridImportInput = z.object({
	target: z.enum(['areas', 'districts']),
	level: z.string().trim().max(60).optional(),
	period,
	columns: z
		.array(z.object({ column: z.string().trim().min(1).max(100), indicatorKey: z.string().trim().min(1).max(60), kind: z.enum(['count', 'share', 'mean']) }))
		.min(1)
		.max(20)
});
export type GridImportInput = z.output<typeof gridImportInput>;

export interface GridImportReport {
	target: 'areas' | 'districts';
	level: string | null;
	boundaryVersion: string;
	polygons: number;
	cells: number;
	cellsOutside: number;
	/** Cells located by point-in-polygon in this run / taken from the cached assignment. */
	located: number;
	cachedHits: number;
	cacheReused: boolean;
	limitedCells: number;
	/** Per mapped column: cells with a suppressed value, and (shares/means) cells with unknown population. */
	columns: { column: string; indicatorKey: string; kind: GridColumnKind; suppressedCells: number; weightUnknownCells: number; knownCells: number }[];
	areasWithoutCells: number;
	observations: number;
	inserted: number;
	updated: number;
	skippedLines: number;
	issues: ImportIssue[];
	error?: ImportIssue | null;
	failure?: string;
}

export interface GridImportPayload {
	importRunId: string;
	municipalityId: string;
	userId: string | null;
}

interface Target {
	ids: string[];
	/** id → statistical area id that carries the observation */
	areaOf: Map<string, string>;
	boundaries: { id: string; code: string; name: string; geometry: BoundaryGeometry }[];
	version: string;
}

/** The boundaries the cells are assigned to, and their hash. */
export async function loadGridTarget(db: Db['kysely'] | Transaction<Database>, municipalityId: string, target: 'areas' | 'districts', level?: string | null): Promise<Target> {
	const rows =
		target === 'areas'
			? await db.selectFrom('statistical_area').select(['id', 'code', 'name', 'boundary']).where('municipality_id', '=', municipalityId).where('level', '=', level ?? '').where('boundary', 'is not', null).orderBy('id').execute()
			: await db.selectFrom('district').select(['id', 'code', 'name', 'boundary']).where('municipality_id', '=', municipalityId).where('boundary', 'is not', null).orderBy('id').execute();
	const hash = createHash('sha256').update(`${target}\n${level ?? ''}\n`);
	for (const r of rows) hash.update(`${r.id}\t${r.boundary}\n`);
	const boundaries = rows.map((r) => ({ id: r.id, code: r.code, name: r.name, geometry: JSON.parse(r.boundary!) as BoundaryGeometry }));
	return { ids: rows.map((r) => r.id), areaOf: new Map(target === 'areas' ? rows.map((r) => [r.id, r.id]) : []), boundaries, version: hash.digest('hex') };
}

/** Validates the settings against the catalogue and the boundaries; returns the indicators by key. */
async function checkSettings(db: Db['kysely'], municipalityId: string, input: GridImportInput): Promise<Map<string, Indicator>> {
	const errors: FieldErrors = {};
	const indicators = await indicatorsByKey(db, municipalityId, input.columns.map((c) => c.indicatorKey));
	input.columns.forEach((c, i) => {
		if (!indicators.has(c.indicatorKey)) (errors[`columns.${i}.indicatorKey`] ??= []).push('error.unknownReference');
	});
	if (input.target === 'areas' && !input.level) errors.level = ['error.required'];
	else {
		const t = await loadGridTarget(db, municipalityId, input.target, input.level);
		if (t.ids.length === 0) errors.target = ['statistics.sources.error.noBoundaries'];
	}
	if (new Set(input.columns.map((c) => c.column.toLowerCase())).size !== input.columns.length) errors.columns = ['statistics.sources.error.columnTwice'];
	if (Object.keys(errors).length) throw new ValidationError(errors);
	return indicators;
}

/** Stores the upload with a queued run and enqueues the aggregation job (one transaction, one audit entry). */
export async function startGridImport(opts: { ctx: CommandContext; fileName: string; bytes: Uint8Array; input: unknown }): Promise<{ importRunId: string; jobId: string }> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const fileName = parseInput(requiredText(255), opts.fileName.slice(0, 255) || 'zensus.csv');
	const input = parseInput(gridImportInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await checkSettings(ctx.db.kysely, municipalityId, input);
	const importRunId = newId();
	const jobId = newId();
	const userId = ctx.principal.via === 'system' ? null : ctx.principal.userId;
	await ctx.db.kysely.transaction().execute(async (trx) => {
		await trx
			.insertInto('import_run')
			.values({
				id: importRunId,
				municipality_id: municipalityId,
				file_name: fileName,
				kind: 'zensus-grid',
				status: 'queued',
				mapping: JSON.stringify(input),
				report: '{}',
				rows_total: 0,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: Buffer.from(opts.bytes),
				job_id: jobId,
				created_by: userId,
				created_at: nowIso(),
				finished_at: null
			})
			.execute();
		const payload: GridImportPayload = { importRunId, municipalityId, userId };
		await enqueueJob(trx, { id: jobId, kind: GRID_IMPORT_JOB, payload, municipalityId, createdBy: userId, maxAttempts: 2 });
		await recordAudit(trx, ctx.principal, municipalityId, { action: 'create', entity: 'import_run', entityId: importRunId, after: { fileName, kind: 'zensus-grid', bytes: opts.bytes.byteLength, jobId } }, ctx.requestId);
	});
	return { importRunId, jobId };
}

async function* chunks(bytes: Uint8Array, ctx?: JobContext<unknown>): AsyncGenerator<Uint8Array> {
	const size = 256 * 1024;
	for (let i = 0; i < bytes.byteLength; i += size) {
		yield bytes.subarray(i, i + size);
		ctx?.progress(Math.min(bytes.byteLength, i + size), bytes.byteLength);
		if (ctx) await ctx.yield();
	}
}

async function loadAssignment(db: Db['kysely'], municipalityId: string, target: Target, kind: 'areas' | 'districts'): Promise<GridAssignment> {
	const indexOf = new Map(target.ids.map((id, i) => [id, i]));
	const rows = await db.selectFrom('grid_cell_assignment').select(['grid_id', 'area_id', 'district_id']).where('municipality_id', '=', municipalityId).where('boundary_version', '=', target.version).execute();
	const byCell = new Map<string, number>();
	for (const r of rows) {
		const id = kind === 'areas' ? r.area_id : r.district_id;
		byCell.set(r.grid_id, id === null ? -1 : (indexOf.get(id) ?? -1));
	}
	return { districtIds: target.ids, byCell };
}

/** Mirrors each district by a statistical area of level 'district' (same code) that carries its figures. */
async function districtAreas(trx: Transaction<Database>, municipalityId: string, target: Target): Promise<number> {
	const existing = await trx.selectFrom('statistical_area').select(['id', 'code']).where('municipality_id', '=', municipalityId).where('level', '=', DISTRICT_AREA_LEVEL).execute();
	const byCode = new Map(existing.map((r) => [r.code, r.id]));
	let created = 0;
	for (const b of target.boundaries) {
		let id = byCode.get(b.code);
		if (!id) {
			id = newId();
			const now = nowIso();
			await trx
				.insertInto('statistical_area')
				.values({ id, municipality_id: municipalityId, code: b.code, name: b.name, level: DISTRICT_AREA_LEVEL, parent_id: null, boundary: JSON.stringify(b.geometry), population: null, created_at: now, updated_at: now })
				.execute();
			created++;
		}
		target.areaOf.set(b.id, id);
	}
	return created;
}

/** Observations from the aggregates: counts summed, shares and means weighted by population. */
export function gridObservations(agg: GridAggregateResult, target: Target, input: GridImportInput, indicators: Map<string, Indicator>): { rows: ObservationWrite[]; areasWithoutCells: number } {
	const rows: ObservationWrite[] = [];
	let areasWithoutCells = 0;
	for (const d of agg.districts) {
		const areaId = target.areaOf.get(d.districtId);
		if (!areaId) continue;
		if (d.cells === 0) {
			areasWithoutCells++;
			continue;
		}
		input.columns.forEach((spec, k) => {
			const c = d.columns[k];
			const ind = indicators.get(spec.indicatorKey)!;
			const base = { indicatorId: ind.id, areaId, period: input.period, provisional: false, limited: d.limitedCells > 0 };
			if (c.knownCells === 0) {
				if (c.suppressedCells > 0 || c.weightUnknownCells > 0) rows.push({ ...base, value: null, numerator: null, denominator: null, suppressed: true, estimated: false });
				return;
			}
			const partial = c.suppressedCells > 0 || c.weightUnknownCells > 0;
			if (spec.kind === 'count') rows.push({ ...base, value: c.sum, numerator: null, denominator: null, suppressed: false, estimated: c.suppressedCells > 0 });
			else if (spec.kind === 'share') {
				// Zensus shares are percentages: numerator = Σ share/100 × population (estimated persons).
				const numerator = c.sum / 100;
				const fraction = c.weight > 0 ? numerator / c.weight : null;
				rows.push({ ...base, value: fraction === null ? null : fraction * (ind.valueKind === 'share' ? ind.scale : 100), numerator: ind.valueKind === 'share' ? numerator : null, denominator: c.weight, suppressed: false, estimated: true });
			} else rows.push({ ...base, value: c.value, numerator: null, denominator: c.weight, suppressed: false, estimated: partial });
		});
	}
	return { rows, areasWithoutCells };
}

/** The mapped columns, then the population (the weight of shares and means) if it is not mapped itself. */
const readColumns = (input: GridImportInput) => {
	const cols = input.columns.map((c) => c.column);
	return cols.some((c) => c.toLowerCase() === 'einwohner') ? cols : [...cols, 'Einwohner'];
};

const jobPrincipal = (municipalityId: string, userId: string | null): Principal => ({
	userId: userId ?? 'system',
	municipalityId,
	grants: [{ role: 'planner', actorId: null, districtIds: null }],
	isSuperadmin: false,
	via: userId ? 'session' : 'system'
});

/** The job: read the stored upload, aggregate (reusing the cached assignment), write all in one transaction. */
export async function runGridImportJob(ctx: JobContext<GridImportPayload>): Promise<{ ok: boolean; observations: number; located: number; cachedHits: number }> {
	const { importRunId, municipalityId, userId } = ctx.job.payload;
	const db = ctx.db;
	const run = await db.kysely.selectFrom('import_run').select(['id', 'mapping', 'file_content', 'status', 'kind']).where('municipality_id', '=', municipalityId).where('id', '=', importRunId).executeTakeFirst();
	if (!run || run.kind !== 'zensus-grid') throw new PermanentJobError('import run not found');
	if (run.status === 'succeeded' || run.status === 'failed') return { ok: run.status === 'succeeded', observations: 0, located: 0, cachedHits: 0 };
	if (!run.file_content) throw new PermanentJobError('upload missing');
	const principal = jobPrincipal(municipalityId, userId);
	await db.kysely.updateTable('import_run').set({ status: 'running' }).where('id', '=', importRunId).where('municipality_id', '=', municipalityId).execute();
	const input = gridImportInput.parse(JSON.parse(run.mapping));
	const indicators = await indicatorsByKey(db.kysely, municipalityId, input.columns.map((c) => c.indicatorKey));
	const target = await loadGridTarget(db.kysely, municipalityId, input.target, input.level);
	const report: GridImportReport = {
		target: input.target,
		level: input.target === 'areas' ? (input.level ?? null) : null,
		boundaryVersion: target.version,
		polygons: target.ids.length,
		cells: 0,
		cellsOutside: 0,
		located: 0,
		cachedHits: 0,
		cacheReused: false,
		limitedCells: 0,
		columns: [],
		areasWithoutCells: 0,
		observations: 0,
		inserted: 0,
		updated: 0,
		skippedLines: 0,
		issues: []
	};
	const finish = async (trx: Transaction<Database>, status: 'succeeded' | 'failed') => {
		await trx
			.updateTable('import_run')
			.set({ status, report: JSON.stringify(report), rows_total: report.cells, inserted_count: report.inserted, updated_count: report.updated, error_count: status === 'failed' ? 1 : 0, file_content: null, finished_at: nowIso() })
			.where('id', '=', importRunId)
			.where('municipality_id', '=', municipalityId)
			.execute();
		await recordAudit(trx, principal, municipalityId, { action: 'import', entity: 'import_run', entityId: importRunId, after: { status, kind: 'zensus-grid', cells: report.cells, observations: report.observations, inserted: report.inserted, updated: report.updated, located: report.located, cachedHits: report.cachedHits } });
	};
	const failRun = async (why: string | null, issue?: ImportIssue | null) => {
		report.failure = why ?? undefined;
		report.error = issue ?? null;
		await db.kysely.transaction().execute((trx) => finish(trx, 'failed'));
		return { ok: false, observations: 0, located: report.located, cachedHits: report.cachedHits };
	};
	if (indicators.size !== new Set(input.columns.map((c) => c.indicatorKey)).size) return failRun('indicator missing');
	if (target.ids.length === 0) return failRun('no boundaries');

	const assignment = await loadAssignment(db.kysely, municipalityId, target, input.target);
	const cachedBefore = new Set(assignment.byCell.keys());
	report.cacheReused = cachedBefore.size > 0;
	let index: DistrictIndex;
	try {
		index = new DistrictIndex(target.boundaries.map((b) => ({ id: b.id, geometry: b.geometry })));
	} catch (e) {
		return failRun(`boundaries: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`);
	}
	const reader = readZensusGrid(chunks(new Uint8Array(run.file_content), ctx as JobContext<unknown>), { valueColumns: readColumns(input) });
	let agg: GridAggregateResult;
	try {
		agg = await aggregateGrid(reader, { index, assignment, columns: input.columns.map((c) => ({ name: c.column, kind: c.kind })), weightColumn: 'Einwohner', weightOf: () => null });
	} catch (e) {
		if (e instanceof JobAbortedError) throw e;
		report.issues = reader.report.issues.slice(0, 50);
		if (e instanceof ImportError) return failRun(null, e.issue);
		if (e instanceof Error && /aborted|stopping/i.test(e.message)) throw e;
		return failRun((e instanceof Error ? e.message : String(e)).slice(0, 300));
	}
	report.cells = reader.report.cells;
	report.skippedLines = reader.report.skippedLines;
	report.issues = reader.report.issues.slice(0, 50);
	report.cellsOutside = agg.cellsOutside;
	report.located = agg.located;
	report.cachedHits = agg.cachedHits;
	report.limitedCells = agg.districts.reduce((s, d) => s + d.limitedCells, 0);
	report.columns = input.columns.map((c, k) => ({
		column: c.column,
		indicatorKey: c.indicatorKey,
		kind: c.kind,
		suppressedCells: agg.districts.reduce((s, d) => s + d.columns[k].suppressedCells, 0),
		weightUnknownCells: agg.districts.reduce((s, d) => s + d.columns[k].weightUnknownCells, 0),
		knownCells: agg.districts.reduce((s, d) => s + d.columns[k].knownCells, 0)
	}));
	await ctx.yield();
	try {
		await db.kysely.transaction().execute(async (trx) => {
			if (input.target === 'districts') await districtAreas(trx, municipalityId, target);
			const { rows, areasWithoutCells } = gridObservations(agg, target, input, indicators);
			report.areasWithoutCells = areasWithoutCells;
			report.observations = rows.length;
			const counts = await writeObservations(trx, municipalityId, rows, {
				importRunId,
				onChunk: () => {
					if (ctx.signal.aborted) throw ctx.signal.reason ?? new JobAbortedError('aborted');
				}
			});
			report.inserted = counts.inserted;
			report.updated = counts.updated;
			// The new part of the assignment (cells not seen with these boundaries before).
			const now = nowIso();
			let batch: Database['grid_cell_assignment'][] = [];
			const flush = async () => {
				if (batch.length) await trx.insertInto('grid_cell_assignment').values(batch).onConflict((oc) => oc.doNothing()).execute();
				batch = [];
			};
			for (const [gridId, i] of assignment.byCell) {
				if (cachedBefore.has(gridId)) continue;
				const id = i < 0 ? null : target.ids[i];
				batch.push({ municipality_id: municipalityId, boundary_version: target.version, grid_id: gridId, area_id: input.target === 'areas' ? id : null, district_id: input.target === 'districts' ? id : null, created_at: now });
				if (batch.length >= 500) await flush();
			}
			await flush();
			await finish(trx, 'succeeded');
		});
	} catch (e) {
		if (e instanceof JobAbortedError || (e instanceof Error && e.name === 'JobAbortedError')) throw e;
		return failRun((e instanceof Error ? e.message : String(e)).slice(0, 300));
	}
	return { ok: true, observations: report.observations, located: report.located, cachedHits: report.cachedHits };
}

export async function findGridImport(db: Db['kysely'], municipalityId: string, id: string): Promise<ImportRun | undefined> {
	const run = await findImportRun(db, municipalityId, id);
	return run && run.kind === 'zensus-grid' ? run : undefined;
}

/** What the upload form offers: indicators, levels with boundaries, and whether districts have boundaries. */
export async function gridImportOptions(db: Db['kysely'], municipalityId: string) {
	const indicators = await db.selectFrom('indicator').select(['key', 'name', 'is_count', 'is_share']).where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('name').execute();
	const levels = await db
		.selectFrom('statistical_area')
		.select(['level', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.where('boundary', 'is not', null)
		.where('level', '!=', DISTRICT_AREA_LEVEL)
		.groupBy('level')
		.orderBy('level')
		.execute();
	const districts = await db.selectFrom('district').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('boundary', 'is not', null).executeTakeFirstOrThrow();
	return {
		indicators: indicators.map((i) => ({ key: i.key, name: i.name, valueKind: Number(i.is_share) === 1 ? 'share' : Number(i.is_count) === 1 ? 'count' : 'other' })),
		levels: levels.map((l) => ({ level: l.level, areas: Number(l.n) })),
		districtsWithBoundaries: Number(districts.n)
	};
}

/** Figures of one import run, each indicator disclosed on its own (as every page shows figures). */
export async function importRunFigures(db: Db['kysely'], municipalityId: string, importRunId: string) {
	const rows = await db
		.selectFrom('observation')
		.innerJoin('statistical_area', (j) => j.onRef('statistical_area.id', '=', 'observation.area_id').onRef('statistical_area.municipality_id', '=', 'observation.municipality_id'))
		.select(['observation.indicator_id', 'observation.value', 'observation.numerator', 'observation.denominator', 'observation.suppressed', 'observation.estimated', 'observation.provisional', 'statistical_area.id as area_id', 'statistical_area.code', 'statistical_area.name'])
		.where('observation.municipality_id', '=', municipalityId)
		.where('observation.source_import_id', '=', importRunId)
		.orderBy('statistical_area.code')
		.execute();
	const indicatorIds = [...new Set(rows.map((r) => r.indicator_id))];
	const indicators = indicatorIds.length ? (await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('id', 'in', indicatorIds).orderBy('sort_order').execute()).map(toIndicator) : [];
	const areas = new Map<string, { code: string; name: string; cells: Record<string, { value: number | null; flags: string[] }> }>();
	for (const r of rows) if (!areas.has(r.area_id)) areas.set(r.area_id, { code: r.code, name: r.name, cells: {} });
	for (const ind of indicators) {
		const mine = rows.filter((r) => r.indicator_id === ind.id);
		const { figures } = discloseObservations(
			ind,
			mine.map((r) => ({ areaId: r.area_id, value: r.value === null ? null : Number(r.value), numerator: r.numerator === null ? null : Number(r.numerator), denominator: r.denominator === null ? null : Number(r.denominator), suppressed: Number(r.suppressed) === 1, estimated: Number(r.estimated) === 1, provisional: Number(r.provisional) === 1 }))
		);
		for (const f of figures) areas.get(f.areaId)!.cells[ind.id] = { value: f.value, flags: f.flags };
	}
	return { indicators: indicators.map((i) => ({ id: i.id, key: i.key, name: i.name, unit: i.unit, valueKind: i.valueKind })), areas: [...areas.values()] };
}
