/**
 * Importing statistics from a parsed table file (table-file.ts) with a column mapping (observations-import.ts):
 * validate everything first, then write all observations in ONE transaction together with the import run and
 * its report — on any error nothing is half-imported, and the failed run is recorded with its report.
 *
 * Small files are imported in the request (importObservationTable). Large files are queued
 * (startObservationImport): the upload is stored with the import run, and the job runner reads, validates and
 * writes it with progress, so the server is not blocked.
 */
import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/connection';
import type { Principal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { recordAudit } from '../core/audit';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText } from '../core/validate';
import { importObservations, type ObservationImportResult, type ObservationMapping } from '../statistics/import/observations-import';
import { readTableFile, type ReadTableOptions, type TableFile } from '../statistics/import/table-file';
import type { ImportIssue } from '../statistics/import/issues';
import { enqueueJob } from '../jobs/jobs.repository';
import { JobAbortedError, PermanentJobError, type JobContext } from '../jobs/runner';
import { listIndicators, type ImportRun, findImportRun } from './indicators.repository';
import { canImportStatistics } from './policies';
import { writeObservations, type ObservationWrite } from './write-observations';

export const IMPORT_OBSERVATIONS_JOB = 'indicators.import-observations';

/** Rows above which an upload should go through the job runner instead of the request. */
export const SYNC_IMPORT_MAX_ROWS = 5_000;

const col = z.number().int().min(0).max(10_000);

export const observationMappingInput = z.object({
	area: z.object({ column: col, by: z.enum(['code', 'name', 'codeOrName']).default('codeOrName') }),
	period: z.union([z.object({ column: col }), z.object({ fixed: z.string().trim().min(4).max(10) })]),
	values: z
		.array(
			z
				.object({
					column: col.optional(),
					indicatorKey: z.string().trim().min(1).max(60),
					numeratorColumn: col.optional(),
					denominatorColumn: col.optional(),
					flagColumn: col.optional()
				})
				// The value column may be left out when the value is computed from numerator and denominator.
				.refine((v) => v.column !== undefined || (v.numeratorColumn !== undefined && v.denominatorColumn !== undefined), { message: 'error.required', path: ['column'] })
		)
		.min(1)
		.max(500),
	rowFlagColumns: z.array(col).max(50).optional(),
	conventions: z.array(z.enum(['comma', 'point'])).max(10_000).optional(),
	dashMeansZero: z.boolean().optional(),
	unmatchedAreas: z.enum(['error', 'skip']).optional()
});

export interface ImportReport {
	issues: ImportIssue[];
	issueCounts: Record<string, number>;
	unmatchedAreas: ObservationImportResult['unmatchedAreas'];
	duplicates: number;
	skippedRows: number;
	emptyValues: number;
	records: number;
	inserted: number;
	updated: number;
	/** An unexpected failure while writing (the transaction was rolled back). */
	failure?: string;
}

export interface ImportOutcome {
	run: ImportRun;
	ok: boolean;
	report: ImportReport;
}

/** Validates a parsed table against the municipality's areas and indicators (pure after two reads). */
export async function validateTable(db: Db['kysely'] | Transaction<Database>, municipalityId: string, table: Pick<TableFile, 'header' | 'rows'>, mapping: ObservationMapping) {
	const [areas, indicators] = await Promise.all([
		db.selectFrom('statistical_area').select(['id', 'code', 'name']).where('municipality_id', '=', municipalityId).execute(),
		listIndicators(db, municipalityId)
	]);
	const result = importObservations({
		header: table.header,
		rows: table.rows,
		mapping,
		areas,
		indicators: indicators.map((i) => ({ key: i.key, kind: i.valueKind, scale: i.scale }))
	});
	const byKey = new Map(indicators.map((i) => [i.key, i]));
	const rows: ObservationWrite[] = result.records.map((r) => ({
		indicatorId: byKey.get(r.indicatorKey)!.id,
		areaId: r.areaId,
		period: r.period,
		value: r.value,
		numerator: r.numerator,
		denominator: r.denominator,
		suppressed: r.flags.suppressed,
		estimated: r.flags.estimated,
		provisional: r.flags.provisional,
		limited: r.flags.limited
	}));
	const errors = result.issues.filter((i) => i.severity === 'error').length;
	const errorCount = errors === 0 ? 0 : Object.entries(result.issueCounts).reduce((n, [code, c]) => n + (result.issues.find((i) => i.code === code)?.severity === 'error' ? c : 0), 0);
	return { result, rows, errorCount: Math.max(errors, errorCount) };
}

function reportOf(result: ObservationImportResult, counts: { inserted: number; updated: number }, failure?: string): ImportReport {
	return {
		issues: result.issues,
		issueCounts: result.issueCounts,
		unmatchedAreas: result.unmatchedAreas,
		duplicates: result.duplicates.length,
		skippedRows: result.skippedRows,
		emptyValues: result.emptyValues,
		records: result.records.length,
		...counts,
		...(failure ? { failure } : {})
	};
}

/**
 * Writes the validated rows and finishes the run in one transaction; with validation errors writes only the
 * failed run and its report. `runId` exists already (queued job) or is created here (request import).
 */
export async function finishImport(opts: {
	db: Db;
	principal: Principal;
	requestId?: string | null;
	runId: string;
	create?: { fileName: string; mapping: ObservationMapping };
	validated: Awaited<ReturnType<typeof validateTable>>;
	rowsTotal: number;
	onChunk?: (written: number) => void | Promise<void>;
}): Promise<ImportOutcome> {
	const { db, principal, runId, validated } = opts;
	const municipalityId = principal.municipalityId;
	const ok = validated.errorCount === 0;
	const insertRun = async (trx: Transaction<Database>) => {
		if (!opts.create) return;
		await trx
			.insertInto('import_run')
			.values({
				id: runId,
				municipality_id: municipalityId,
				file_name: opts.create.fileName,
				kind: 'observations',
				status: 'running',
				mapping: JSON.stringify(opts.create.mapping),
				report: '{}',
				rows_total: opts.rowsTotal,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: null,
				job_id: null,
				created_by: principal.via === 'system' ? null : principal.userId,
				created_at: nowIso(),
				finished_at: null
			})
			.execute();
	};
	const finalize = async (trx: Transaction<Database>, status: 'succeeded' | 'failed', counts: { inserted: number; updated: number }, failure?: string) => {
		const report = reportOf(validated.result, counts, failure);
		const errors = failure ? Math.max(1, validated.errorCount) : validated.errorCount;
		await trx
			.updateTable('import_run')
			.set({
				status,
				report: JSON.stringify(report),
				rows_total: opts.rowsTotal,
				inserted_count: counts.inserted,
				updated_count: counts.updated,
				error_count: errors,
				file_content: null,
				finished_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', runId)
			.execute();
		// One audit entry per import, summarising counts instead of listing rows.
		await recordAudit(
			trx,
			principal,
			municipalityId,
			{ action: 'import', entity: 'import_run', entityId: runId, after: { status, records: report.records, inserted: counts.inserted, updated: counts.updated, errors, failure } },
			opts.requestId
		);
		return report;
	};
	const recordFailure = (failure?: string) =>
		db.kysely.transaction().execute(async (trx) => {
			await insertRun(trx);
			return finalize(trx, 'failed', { inserted: 0, updated: 0 }, failure);
		});
	let report: ImportReport;
	if (!ok) report = await recordFailure();
	else {
		try {
			report = await db.kysely.transaction().execute(async (trx) => {
				await insertRun(trx);
				const counts = await writeObservations(trx, municipalityId, validated.rows, { importRunId: runId, onChunk: opts.onChunk });
				return finalize(trx, 'succeeded', counts);
			});
		} catch (e) {
			// An interrupted job is retried later: its run stays as it was.
			if (e instanceof JobAbortedError) throw e;
			report = await recordFailure((e instanceof Error ? e.message : String(e)).slice(0, 500));
		}
	}
	return { ok: ok && !report.failure, report, run: (await findImportRun(db.kysely, municipalityId, runId))! };
}

/**
 * Imports a parsed table in the request (small files). Returns the run and its report; validation errors are
 * not thrown but reported (the run is recorded as failed, nothing is written).
 */
export async function importObservationTable(opts: {
	ctx: CommandContext;
	fileName: string;
	table: Pick<TableFile, 'header' | 'rows'>;
	mapping: unknown;
}): Promise<ImportOutcome> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const fileName = parseInput(requiredText(255), opts.fileName);
	const mapping = parseInput(observationMappingInput, opts.mapping) as ObservationMapping;
	const validated = await validateTable(ctx.db.kysely, ctx.principal.municipalityId, opts.table, mapping);
	return finishImport({
		db: ctx.db,
		principal: ctx.principal,
		requestId: ctx.requestId,
		runId: newId(),
		create: { fileName, mapping },
		validated,
		rowsTotal: opts.table.rows.length
	});
}

export interface ObservationImportJobPayload {
	importRunId: string;
	municipalityId: string;
	userId: string | null;
	read?: Pick<ReadTableOptions, 'sheet' | 'separator'>;
}

/**
 * Queues the import of an uploaded file: stores the bytes with a queued import run and enqueues the job, in
 * one transaction with one audit entry. The job runner does the rest (runObservationImportJob).
 */
export async function startObservationImport(opts: {
	ctx: CommandContext;
	fileName: string;
	bytes: Uint8Array;
	mapping: unknown;
	read?: Pick<ReadTableOptions, 'sheet' | 'separator'>;
}): Promise<{ importRunId: string; jobId: string }> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const fileName = parseInput(requiredText(255), opts.fileName);
	const mapping = parseInput(observationMappingInput, opts.mapping);
	const municipalityId = ctx.principal.municipalityId;
	const importRunId = newId();
	const jobId = newId();
	await ctx.db.kysely.transaction().execute(async (trx) => {
		const now = nowIso();
		await trx
			.insertInto('import_run')
			.values({
				id: importRunId,
				municipality_id: municipalityId,
				file_name: fileName,
				kind: 'observations',
				status: 'queued',
				mapping: JSON.stringify(mapping),
				report: '{}',
				rows_total: 0,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: Buffer.from(opts.bytes),
				job_id: jobId,
				created_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
				created_at: now,
				finished_at: null
			})
			.execute();
		const payload: ObservationImportJobPayload = { importRunId, municipalityId, userId: ctx.principal.via === 'system' ? null : ctx.principal.userId, read: opts.read };
		await enqueueJob(trx, { id: jobId, kind: IMPORT_OBSERVATIONS_JOB, payload, municipalityId, createdBy: payload.userId, maxAttempts: 2 });
		await recordAudit(trx, ctx.principal, municipalityId, { action: 'create', entity: 'import_run', entityId: importRunId, after: { fileName, bytes: opts.bytes.byteLength, jobId } }, ctx.requestId);
	});
	return { importRunId, jobId };
}

/** The job handler: read the stored upload, validate, write with progress. */
export async function runObservationImportJob(ctx: JobContext<ObservationImportJobPayload>): Promise<{ ok: boolean; inserted: number; updated: number; errors: number }> {
	const { importRunId, municipalityId, userId, read } = ctx.job.payload;
	const db = ctx.db;
	const run = await db.kysely
		.selectFrom('import_run')
		.select(['id', 'mapping', 'file_name', 'file_content', 'status'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', importRunId)
		.executeTakeFirst();
	if (!run) throw new PermanentJobError('import run not found');
	if (run.status === 'succeeded' || run.status === 'failed') return { ok: run.status === 'succeeded', inserted: 0, updated: 0, errors: 0 };
	if (!run.file_content) throw new PermanentJobError('upload missing');
	await db.kysely.updateTable('import_run').set({ status: 'running' }).where('id', '=', importRunId).where('municipality_id', '=', municipalityId).execute();
	const principal: Principal = {
		userId: userId ?? 'system',
		municipalityId,
		grants: [{ role: 'planner', actorId: null, districtIds: null }],
		isSuperadmin: false,
		via: userId ? 'session' : 'system'
	};
	await ctx.yield();
	const parsed = await readTableFile(new Uint8Array(run.file_content), { filename: run.file_name, ...read });
	await ctx.yield();
	if (!parsed.ok) {
		const report = { issues: parsed.issues, issueCounts: {}, unmatchedAreas: [], duplicates: 0, skippedRows: 0, emptyValues: 0, records: 0, inserted: 0, updated: 0 };
		await db.kysely.transaction().execute(async (trx) => {
			await trx
				.updateTable('import_run')
				.set({ status: 'failed', report: JSON.stringify(report), error_count: parsed.issues.length, file_content: null, finished_at: nowIso() })
				.where('id', '=', importRunId)
				.where('municipality_id', '=', municipalityId)
				.execute();
			await recordAudit(trx, principal, municipalityId, { action: 'import', entity: 'import_run', entityId: importRunId, after: { status: 'failed', errors: parsed.issues.length } });
		});
		return { ok: false, inserted: 0, updated: 0, errors: parsed.issues.length };
	}
	const mapping = JSON.parse(run.mapping) as ObservationMapping;
	const validated = await validateTable(db.kysely, municipalityId, parsed.table, mapping);
	const total = validated.rows.length;
	ctx.progress(0, total);
	await ctx.yield();
	const outcome = await finishImport({
		db,
		principal,
		runId: importRunId,
		validated,
		rowsTotal: parsed.table.rows.length,
		onChunk: async (written) => {
			ctx.progress(written, total);
			if (ctx.signal.aborted) throw ctx.signal.reason ?? new JobAbortedError('aborted');
		}
	});
	return { ok: outcome.ok, inserted: outcome.report.inserted, updated: outcome.report.updated, errors: outcome.run.errorCount };
}
