/**
 * Zensus 2022 100 m grid → observations per district or statistical area (issue 3, point 4).
 *
 * startGridImport stores the uploaded file(s) on disk (grid-uploads.ts: a form upload or a finished chunked
 * upload, CSV or the ZIP as published) with a queued import run (kind 'zensus-grid') and enqueues a job;
 * runGridImportJob streams the cells through zensus-grid.ts (a ZIP is decompressed on the fly), aggregates them
 * to the target polygons and writes the observations, the new part of the cell assignment cache, the district
 * links and the finished run in ONE transaction. The files are removed when the run has finished.
 *
 * Cell assignment cache: grid_cell_assignment rows are keyed by `boundary_version`, a SHA-256 of the target
 * (kind, level) and every polygon (id and GeoJSON). A later import against unchanged boundaries loads the
 * assignment and does no point-in-polygon test for the cells it already knows; changed boundaries give a new
 * hash and hence a fresh assignment.
 *
 * Honest figures: counts are sums of the known cell values; a count with suppressed cells is flagged estimated
 * (it is a lower bound), a figure without any known cell is stored as suppressed. Shares and means are
 * weighted by the cell population (Einwohner): from the value file itself when it has that column, otherwise
 * from a separately uploaded population grid (the Zensus 2022 publication ships "Bevoelkerungszahl" apart from
 * "Anteil_Auslaender" and "Durchschnittsalter"). Without population weights a share or mean is NEVER averaged
 * unweighted: the run fails with `gridWeightsMissing` and stores nothing (counts alone need no weights).
 * Cells whose population is unknown are left out of the weighting and counted. Text in a number column fails
 * the run (`gridValuesNotNumber`): a figure silently missing cells would look complete.
 *
 * Districts as target: each district's figures are stored on a statistical area of level 'district' that
 * mirrors it (name, boundary and code – prefixed `quartier-` when an area of another level has that code) and is linked to the district through district_area, so the
 * district profile (statistics views) shows them. A re-import reuses the linked area.
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
import { parseInput } from '../core/validate';
import type { BoundaryGeometry } from '$lib/domain/geojson';
import { enqueueJob } from '../jobs/jobs.repository';
import { JobAbortedError, PermanentJobError, type JobContext } from '../jobs/runner';
import { aggregateGrid, collectGridColumn, DistrictIndex, readZensusGrid, type GridAggregateResult, type GridAssignment, type GridColumnKind } from '../statistics/import/zensus-grid';
import { ImportError, makeIssue, type ImportIssue } from '../statistics/import/issues';
import {
	addDistrictAreaLink,
	findImportRun,
	findImportRunForJob,
	finishImportRun,
	gridImportChoices,
	insertGridCellAssignments,
	insertImportRun,
	insertStatisticalArea,
	isImportRunPending,
	listAreaCodes,
	listAreasOfLevelWithDistricts,
	listGridCellAssignment,
	listGridTargetRows,
	listIndicatorsByIds,
	listObservationsOfImportRun,
	markImportRunRunning,
	updateAreaNameAndBoundary,
	type Indicator,
	type ImportRun
} from './indicators.repository';
import { discloseObservations } from './disclose';
import { indicatorsByKey } from './register-import';
import { canImportStatistics } from './policies';
import { writeObservations, type ObservationWrite } from './write-observations';
import { openRunFile, removeRunFiles, runFileSize, storeRunFile, sweepGridUploads, type GridFileRole, type GridFileSource } from './grid-uploads';

export const GRID_IMPORT_JOB = 'indicators.grid-import';
/** Level of the statistical areas that carry the figures of districts (one per district, linked to it). */
export const DISTRICT_AREA_LEVEL = 'district';
/** The population column of the Zensus grids: the weight of shares and means. */
export const POPULATION_COLUMN = 'Einwohner';

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

/** Where the weights of shares and means came from. */
export type GridWeightSource = 'value-file' | 'population-file' | 'none';

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
	weights?: GridWeightSource;
	/** Cells of the population file inside the target's bounding box (when it was used). */
	populationCells?: number;
	/** Districts as target: mirrored areas created / links to districts added in this run. */
	districtAreasCreated?: number;
	districtLinksAdded?: number;
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
	/** Files stored on disk for this run; absent for runs queued with the upload in import_run.file_content. */
	files?: GridFileRole[];
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
	const rows = await listGridTargetRows(db, municipalityId, target, level);
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

export interface GridImportFiles {
	/** The grid with the value columns (CSV or ZIP). */
	value: GridFileSource;
	/** Optional population grid (column Einwohner): the weights of shares and means. */
	population?: GridFileSource | null;
}

/**
 * Stores the upload(s) with a queued run and enqueues the aggregation job (one transaction, one audit entry).
 * A chunked upload must be complete and belong to the user; it is taken over (moved) by the run.
 */
export async function startGridImport(opts: { ctx: CommandContext; files: GridImportFiles; input: unknown }): Promise<{ importRunId: string; jobId: string }> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const input = parseInput(gridImportInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await checkSettings(ctx.db.kysely, municipalityId, input);
	const importRunId = newId();
	const jobId = newId();
	const userId = ctx.principal.via === 'system' ? null : ctx.principal.userId;
	const owner = userId ?? 'system';
	const stored: Partial<Record<GridFileRole, { fileName: string; bytes: number }>> = {};
	try {
		const errors: FieldErrors = {};
		for (const [role, field, src] of [['value', 'file', opts.files.value], ['population', 'population', opts.files.population]] as const) {
			if (!src) continue;
			const s = await storeRunFile(municipalityId, owner, importRunId, role, src);
			if (!s) errors[field] = ['statistics.grid.error.uploadIncomplete'];
			else if (s.bytes === 0) errors[field] = ['import.emptyFile'];
			else stored[role] = { fileName: s.fileName.slice(0, 255) || 'zensus.csv', bytes: s.bytes };
		}
		if (Object.keys(errors).length) throw new ValidationError(errors);
		const files = Object.keys(stored) as GridFileRole[];
		await ctx.db.kysely.transaction().execute(async (trx) => {
			const now = nowIso();
			await insertImportRun(trx, {
				id: importRunId,
				municipality_id: municipalityId,
				file_name: stored.value!.fileName,
				kind: 'zensus-grid',
				status: 'queued',
				mapping: JSON.stringify({ ...input, files: stored }),
				report: '{}',
				rows_total: 0,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: null,
				job_id: jobId,
				created_by: userId,
				created_at: now,
				finished_at: null
			});
			const payload: GridImportPayload = { importRunId, municipalityId, userId, files };
			await enqueueJob(trx, { id: jobId, kind: GRID_IMPORT_JOB, payload, municipalityId, createdBy: userId, maxAttempts: 2 });
			await recordAudit(trx, ctx.principal, municipalityId, { action: 'create', entity: 'import_run', entityId: importRunId, after: { fileName: stored.value!.fileName, kind: 'zensus-grid', files: stored, jobId } }, ctx.requestId);
		});
	} catch (e) {
		await removeRunFiles(municipalityId, importRunId).catch(() => undefined);
		throw e;
	}
	return { importRunId, jobId };
}

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
	const size = 256 * 1024;
	for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

async function loadAssignment(db: Db['kysely'], municipalityId: string, target: Target, kind: 'areas' | 'districts'): Promise<GridAssignment> {
	const indexOf = new Map(target.ids.map((id, i) => [id, i]));
	const rows = await listGridCellAssignment(db, municipalityId, target.version);
	const byCell = new Map<string, number>();
	for (const r of rows) {
		const id = kind === 'areas' ? r.area_id : r.district_id;
		byCell.set(r.grid_id, id === null ? -1 : (indexOf.get(id) ?? -1));
	}
	return { districtIds: target.ids, byCell };
}

/**
 * Mirrors each district by a statistical area of level 'district' that carries its figures and is linked to
 * it in district_area (the composition the district profile reads). An area already linked to the district is
 * reused; an unlinked mirror of an earlier import (same code) is adopted; otherwise one is created. Name and
 * boundary follow the district.
 */
async function districtAreas(trx: Transaction<Database>, municipalityId: string, target: Target): Promise<{ created: number; linked: number }> {
	const existing = await listAreasOfLevelWithDistricts(trx, municipalityId, DISTRICT_AREA_LEVEL);
	// Area codes are unique in a municipality across levels: a district code already used by an area of another
	// level (a planning area "01" beside district "01") gets a prefixed code for its mirror.
	const taken = new Set(await listAreaCodes(trx, municipalityId));
	const used = new Set<string>();
	let created = 0;
	let linked = 0;
	const now = nowIso();
	for (const b of target.boundaries) {
		const boundary = JSON.stringify(b.geometry);
		let area = existing.find((a) => a.districtIds.includes(b.id) && !used.has(a.id)) ?? existing.find((a) => a.districtIds.length === 0 && a.code === b.code && !used.has(a.id));
		if (area) await updateAreaNameAndBoundary(trx, municipalityId, area.id, b.name, boundary, now);
		else {
			let code = b.code;
			for (let n = 1; taken.has(code); n++) code = `quartier-${b.code}${n > 1 ? `-${n}` : ''}`;
			taken.add(code);
			area = { id: newId(), code, districtIds: [] };
			await insertStatisticalArea(trx, { id: area.id, municipality_id: municipalityId, code: area.code, name: b.name, level: DISTRICT_AREA_LEVEL, parent_id: null, boundary, population: null, created_at: now, updated_at: now });
			created++;
		}
		used.add(area.id);
		if (await addDistrictAreaLink(trx, municipalityId, b.id, area.id)) linked++;
		target.areaOf.set(b.id, area.id);
	}
	return { created, linked };
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

const jobPrincipal = (municipalityId: string, userId: string | null): Principal => ({
	userId: userId ?? 'system',
	municipalityId,
	grants: [{ role: 'planner', actorId: null, districtIds: null }],
	isSuperadmin: false,
	via: userId ? 'session' : 'system'
});

/** The job: read the stored upload(s), aggregate (reusing the cached assignment), write all in one transaction. */
export async function runGridImportJob(ctx: JobContext<GridImportPayload>): Promise<{ ok: boolean; observations: number; located: number; cachedHits: number }> {
	const { importRunId, municipalityId, userId } = ctx.job.payload;
	const files = ctx.job.payload.files ?? [];
	const db = ctx.db;
	await sweepGridUploads((m, id) => isImportRunPending(db.kysely, m, id)).catch(() => undefined);
	const run = await findImportRunForJob(db.kysely, municipalityId, importRunId);
	if (!run || run.kind !== 'zensus-grid') {
		await removeRunFiles(municipalityId, importRunId).catch(() => undefined);
		throw new PermanentJobError('import run not found');
	}
	if (run.status === 'succeeded' || run.status === 'failed') {
		await removeRunFiles(municipalityId, importRunId).catch(() => undefined);
		return { ok: run.status === 'succeeded', observations: 0, located: 0, cachedHits: 0 };
	}
	const principal = jobPrincipal(municipalityId, userId);
	const input = gridImportInput.parse(JSON.parse(run.mapping));
	const report: GridImportReport = {
		target: input.target,
		level: input.target === 'areas' ? (input.level ?? null) : null,
		boundaryVersion: '',
		polygons: 0,
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
		await finishImportRun(trx, municipalityId, importRunId, { status, report, rowsTotal: report.cells, inserted: report.inserted, updated: report.updated, errors: status === 'failed' ? 1 : 0, now: nowIso() });
		await recordAudit(trx, principal, municipalityId, {
			action: 'import',
			entity: 'import_run',
			entityId: importRunId,
			after: { status, kind: 'zensus-grid', cells: report.cells, observations: report.observations, inserted: report.inserted, updated: report.updated, located: report.located, cachedHits: report.cachedHits, weights: report.weights ?? null }
		});
	};
	const failRun = async (why: string | null, issue?: ImportIssue | null) => {
		report.failure = why ?? undefined;
		report.error = issue ?? null;
		await db.kysely.transaction().execute((trx) => finish(trx, 'failed'));
		await removeRunFiles(municipalityId, importRunId).catch(() => undefined);
		return { ok: false, observations: 0, located: report.located, cachedHits: report.cachedHits };
	};
	if (files.length === 0 && !run.file_content) return failRun(null, makeIssue('gridUploadMissing', 'error'));
	await markImportRunRunning(db.kysely, municipalityId, importRunId);
	const indicators = await indicatorsByKey(db.kysely, municipalityId, input.columns.map((c) => c.indicatorKey));
	const target = await loadGridTarget(db.kysely, municipalityId, input.target, input.level);
	report.boundaryVersion = target.version;
	report.polygons = target.ids.length;
	if (indicators.size !== new Set(input.columns.map((c) => c.indicatorKey)).size) return failRun('indicator missing');
	if (target.ids.length === 0) return failRun(null, makeIssue('gridNoBoundaries', 'error'));

	const assignment = await loadAssignment(db.kysely, municipalityId, target, input.target);
	const cachedBefore = new Set(assignment.byCell.keys());
	report.cacheReused = cachedBefore.size > 0;
	let index: DistrictIndex;
	try {
		index = new DistrictIndex(target.boundaries.map((b) => ({ id: b.id, geometry: b.geometry })));
	} catch (e) {
		return failRun(`boundaries: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`);
	}

	// Progress over the bytes read from disk of both files (population first); the job yields to the event loop
	// after each chunk read, so requests are served while a large file is parsed.
	const sizes = { value: files.includes('value') ? ((await runFileSize(municipalityId, importRunId, 'value')) ?? 0) : (run.file_content?.byteLength ?? 0), population: 0 };
	const weighted = input.columns.some((c) => c.kind !== 'count');
	const usePopulationFile = weighted && files.includes('population');
	if (usePopulationFile) sizes.population = (await runFileSize(municipalityId, importRunId, 'population')) ?? 0;
	const total = sizes.value + sizes.population;
	const progress = (offset: number) => async (read: number) => {
		ctx.progress(Math.min(total, offset + read), total);
		await ctx.yield();
	};
	const open = async (role: GridFileRole, offset: number): Promise<AsyncIterable<Uint8Array>> => {
		if (role === 'value' && !files.includes('value')) {
			const bytes = new Uint8Array(run.file_content!);
			const p = progress(offset);
			return (async function* () {
				let read = 0;
				for await (const c of chunks(bytes)) {
					yield c;
					read += c.byteLength;
					await p(read);
				}
			})();
		}
		return openRunFile(municipalityId, importRunId, role, progress(offset));
	};
	const readerIssues = (r: { issues: ImportIssue[] }) => r.issues.slice(0, 50);

	let agg: GridAggregateResult;
	let reader: ReturnType<typeof readZensusGrid> | null = null;
	try {
		// Weights from a separate population grid: read first, only the cells inside the target's box are kept.
		let weightOf: ((cellId: string) => number | null | undefined) | undefined;
		if (usePopulationFile) {
			const popReader = readZensusGrid(await open('population', 0), { valueColumns: [POPULATION_COLUMN] });
			let weights: Map<string, number | null>;
			try {
				weights = await collectGridColumn(popReader, POPULATION_COLUMN, index);
			} catch (e) {
				if (e instanceof ImportError) return failRun(null, { ...e.issue, params: { ...(e.issue.params ?? {}), file: 'population' } });
				throw e;
			}
			report.populationCells = weights.size;
			weightOf = (id) => weights.get(id);
		}
		reader = readZensusGrid(await open('value', sizes.population), { valueColumns: input.columns.map((c) => c.column), optionalColumns: weighted ? [POPULATION_COLUMN] : [] });
		const r = reader;
		let checkedWeights = false;
		const source = {
			report: r.report,
			cells: async function* () {
				for await (const cell of r.cells()) {
					if (!checkedWeights) {
						checkedWeights = true;
						const inFile = r.report.valueColumns.some((c) => c.toLowerCase() === POPULATION_COLUMN.toLowerCase());
						report.weights = !weighted ? undefined : inFile ? 'value-file' : weightOf ? 'population-file' : 'none';
						if (report.weights === 'none') throw new ImportError(makeIssue('gridWeightsMissing', 'error', {}, { columns: input.columns.filter((c) => c.kind !== 'count').map((c) => c.column).join(', ') }));
					}
					yield cell;
				}
			}
		};
		// weightOf is only consulted when the value file has no population column of its own.
		agg = await aggregateGrid(source, { index, assignment, columns: input.columns.map((c) => ({ name: c.column, kind: c.kind })), weightColumn: POPULATION_COLUMN, weightOf });
		if (weighted && !checkedWeights && !weightOf && !r.report.valueColumns.some((c) => c.toLowerCase() === POPULATION_COLUMN.toLowerCase()))
			return failRun(null, makeIssue('gridWeightsMissing', 'error', {}, { columns: input.columns.filter((c) => c.kind !== 'count').map((c) => c.column).join(', ') }));
		const notNumber = r.report.issues.find((i) => i.code === 'valueNotNumber');
		if (notNumber) {
			report.issues = readerIssues(r.report);
			return failRun(null, makeIssue('gridValuesNotNumber', 'error', { row: notNumber.row }, { count: r.report.issueCounts.valueNotNumber ?? 1, value: String(notNumber.params?.value ?? '') }));
		}
	} catch (e) {
		if (e instanceof JobAbortedError) throw e;
		if (reader) report.issues = readerIssues(reader.report);
		if (e instanceof ImportError) return failRun(null, e.issue);
		if (e instanceof Error && /aborted|stopping/i.test(e.message)) throw e;
		return failRun((e instanceof Error ? e.message : String(e)).slice(0, 300));
	}
	report.cells = reader.report.cells;
	report.skippedLines = reader.report.skippedLines;
	report.issues = readerIssues(reader.report);
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
			if (input.target === 'districts') {
				const d = await districtAreas(trx, municipalityId, target);
				report.districtAreasCreated = d.created;
				report.districtLinksAdded = d.linked;
			}
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
			const fresh: Database['grid_cell_assignment'][] = [];
			for (const [gridId, i] of assignment.byCell) {
				if (cachedBefore.has(gridId)) continue;
				const id = i < 0 ? null : target.ids[i];
				fresh.push({ municipality_id: municipalityId, boundary_version: target.version, grid_id: gridId, area_id: input.target === 'areas' ? id : null, district_id: input.target === 'districts' ? id : null, created_at: now });
			}
			await insertGridCellAssignments(trx, fresh);
			await finish(trx, 'succeeded');
		});
	} catch (e) {
		if (e instanceof JobAbortedError || (e instanceof Error && e.name === 'JobAbortedError')) throw e;
		return failRun((e instanceof Error ? e.message : String(e)).slice(0, 300));
	}
	await removeRunFiles(municipalityId, importRunId).catch(() => undefined);
	return { ok: true, observations: report.observations, located: report.located, cachedHits: report.cachedHits };
}

export async function findGridImport(db: Db['kysely'], municipalityId: string, id: string): Promise<ImportRun | undefined> {
	const run = await findImportRun(db, municipalityId, id);
	return run && run.kind === 'zensus-grid' ? run : undefined;
}

/** What the upload form offers: indicators, levels with boundaries, and whether districts have boundaries. */
export async function gridImportOptions(db: Db['kysely'], municipalityId: string) {
	const { indicators, levels, districtsWithBoundaries } = await gridImportChoices(db, municipalityId, DISTRICT_AREA_LEVEL);
	return {
		indicators: indicators.map((i) => ({ key: i.key, name: i.name, valueKind: Number(i.is_share) === 1 ? 'share' : Number(i.is_count) === 1 ? 'count' : 'other' })),
		levels: levels.map((l) => ({ level: l.level, areas: Number(l.n) })),
		districtsWithBoundaries
	};
}

/** Figures of one import run, each indicator disclosed on its own (as every page shows figures). */
export async function importRunFigures(db: Db['kysely'], municipalityId: string, importRunId: string) {
	const rows = await listObservationsOfImportRun(db, municipalityId, importRunId);
	const indicators = await listIndicatorsByIds(db, municipalityId, [...new Set(rows.map((r) => r.indicator_id))]);
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
