/**
 * The import wizards (statistics tables and boundary files) keep the upload in an import run that is a draft
 * between their steps (status 'queued' without a job: the user, not the runner, is the next to act), so the file is uploaded once: upload → preview → mapping → report → confirm.
 * Confirming turns the draft into a finished run (small tables and boundaries in the request, in one
 * transaction) or a queued job (large tables). Drafts older than a day are removed with the next upload.
 */
import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/connection';
import type { CommandContext } from '../core/command';
import { recordAudit } from '../core/audit';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText, trimmed } from '../core/validate';
import { enqueueJob } from '../jobs/jobs.repository';
import { notifyJobRunner } from '../jobs/server-runner';
import { readTableFile, type TableFileResult } from '../statistics/import/table-file';
import { readBoundaries, type BoundaryReadResult } from '../statistics/import/boundaries';
import { SUPPORTED_CRS, type CrsCode } from '../statistics/import/crs';
import { MB } from '../statistics/import/input';
import type { ImportIssue } from '../statistics/import/issues';
import type { ObservationMapping } from '../statistics/import/observations-import';
import { findImportRun, type ImportRun } from './indicators.repository';
import { finishImport, IMPORT_OBSERVATIONS_JOB, observationMappingInput, SYNC_IMPORT_MAX_ROWS, validateTable, type ImportOutcome, type ObservationImportJobPayload } from './import-observations';
import { saveAreasInput } from './indicator-input';
import { canImportStatistics, canManageIndicators } from './policies';
import { writeStatisticalAreas } from './save-statistical-areas';

export type DraftKind = 'observations' | 'boundaries';

/** Drafts are kept this long; an abandoned wizard does not keep its file forever. */
const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The largest upload the wizards accept: 50 MB, but below the server's body limit (BODY_SIZE_LIMIT of
 * adapter-node) so that the wizard, not the server, refuses a too large file with a clear message.
 */
export function uploadLimitBytes(env: string | undefined = process.env.BODY_SIZE_LIMIT): number {
	const fallback = 50 * MB;
	const body = parseSize(env);
	if (body === null) return fallback;
	return Math.max(64 * 1024, Math.min(fallback, body - 64 * 1024));
}

function parseSize(v: string | undefined): number | null {
	if (!v) return null;
	const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(v.trim());
	if (!m) return v.trim() === 'Infinity' ? null : null;
	const unit = { '': 1, K: 1024, M: MB, G: 1024 * MB }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
	return Math.floor(Number(m[1]) * unit);
}

/** The stored settings of a draft (JSON in import_run.mapping). */
export interface ObservationDraftSettings {
	sheet?: string;
	mapping?: ObservationMapping;
}
export interface BoundaryDraftSettings {
	crs?: CrsCode;
	level: string;
	codeProperty?: string;
	nameProperty?: string;
}

export type UploadOutcome = { ok: true; importId: string } | { ok: false; issues: ImportIssue[] };

const levelField = trimmed(60).min(1);
const crsField = z.preprocess((v) => (v === '' || v === 'auto' ? undefined : v), z.enum(SUPPORTED_CRS as [CrsCode, ...CrsCode[]]).optional());

export const boundaryUploadInput = z.object({ level: levelField.default('planning-area'), crs: crsField });

/**
 * Stores an upload as a draft after checking that it can be read at all (an empty or unreadable file is
 * reported at once and not stored). Boundary files whose CRS is unknown are stored: the user chooses it.
 */
export async function createImportDraft(opts: {
	ctx: CommandContext;
	kind: DraftKind;
	fileName: string;
	bytes: Uint8Array;
	settings?: unknown;
	/** A lon/lat near the data, to tell UTM zones apart. */
	near?: [number, number];
}): Promise<UploadOutcome> {
	const { ctx } = opts;
	assert(opts.kind === 'boundaries' ? canManageIndicators(ctx.principal) : canImportStatistics(ctx.principal));
	const fileName = parseInput(requiredText(255), opts.fileName.slice(0, 255) || 'upload');
	const limit = uploadLimitBytes();
	let settings: ObservationDraftSettings | BoundaryDraftSettings;
	if (opts.kind === 'observations') {
		const read = await readTableFile(opts.bytes, { filename: fileName, limits: { maxBytes: limit } });
		if (!read.ok) return { ok: false, issues: read.issues };
		settings = {};
	} else {
		const s = parseInput(boundaryUploadInput, opts.settings ?? {});
		const read = await readBoundaries(opts.bytes, { crs: s.crs, near: opts.near, limits: { maxBytes: limit } });
		const fatal = read.features.length === 0 && read.issues.some((i) => !['crsUnknown', 'crsAmbiguous'].includes(i.code) && i.feature === undefined);
		if (!read.ok && fatal) return { ok: false, issues: read.issues };
		settings = { level: s.level, ...(s.crs ? { crs: s.crs } : {}) };
	}
	const municipalityId = ctx.principal.municipalityId;
	const id = newId();
	await ctx.db.kysely.transaction().execute(async (trx) => {
		const now = nowIso();
		await trx
			.deleteFrom('import_run')
			.where('municipality_id', '=', municipalityId)
			.where('status', '=', 'queued')
			.where('job_id', 'is', null)
			.where('created_at', '<', new Date(Date.now() - DRAFT_TTL_MS).toISOString())
			.execute();
		await trx
			.insertInto('import_run')
			.values({
				id,
				municipality_id: municipalityId,
				file_name: fileName,
				kind: opts.kind,
				status: 'queued',
				mapping: JSON.stringify(settings),
				report: '{}',
				rows_total: 0,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: Buffer.from(opts.bytes),
				job_id: null,
				created_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
				created_at: now,
				finished_at: null
			})
			.execute();
		await recordAudit(trx, ctx.principal, municipalityId, { action: 'create', entity: 'import_run', entityId: id, after: { fileName, kind: opts.kind, bytes: opts.bytes.byteLength, status: 'draft' } }, ctx.requestId);
	});
	return { ok: true, importId: id };
}

/** A draft is a queued run without a job: uploaded, being previewed and mapped. */
export const isDraft = (run: Pick<ImportRun, 'status' | 'jobId'>): boolean => run.status === 'queued' && run.jobId === null;

/** A run of this municipality with its stored file (drafts only still have one). */
export async function findDraft(db: Db['kysely'] | Transaction<Database>, municipalityId: string, id: string, kind: DraftKind): Promise<{ run: ImportRun; bytes: Uint8Array | null } | undefined> {
	const run = await findImportRun(db, municipalityId, id);
	if (!run || run.kind !== kind) return undefined;
	const row = await db.selectFrom('import_run').select('file_content').where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return { run, bytes: row?.file_content ? new Uint8Array(row.file_content) : null };
}

async function requireDraft(db: Db['kysely'] | Transaction<Database>, municipalityId: string, id: string, kind: DraftKind) {
	const d = await findDraft(db, municipalityId, id, kind);
	if (!d) throw new NotFoundError('import_run');
	if (!isDraft(d.run) || !d.bytes) throw new ConflictError('statistics.import.error.notDraft');
	return { run: d.run, bytes: d.bytes };
}

// ---------------------------------------------------------------- statistics tables

/** Reads the stored table of a draft (for preview, mapping and report). */
export async function readDraftTable(db: Db['kysely'], municipalityId: string, id: string): Promise<{ run: ImportRun; read: TableFileResult; settings: ObservationDraftSettings }> {
	const { run, bytes } = await requireDraft(db, municipalityId, id, 'observations');
	const settings = run.mapping as ObservationDraftSettings;
	const read = await readTableFile(bytes, { filename: run.fileName, sheet: settings.sheet, limits: { maxBytes: uploadLimitBytes() } });
	return { run, read, settings };
}

/** Stores the column mapping of a draft (validated against the mapping schema). */
export async function saveDraftMapping(opts: { ctx: CommandContext; importId: string; mapping: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const mapping = parseInput(observationMappingInput, opts.mapping) as ObservationMapping;
	const municipalityId = ctx.principal.municipalityId;
	await ctx.db.kysely.transaction().execute(async (trx) => {
		const { run } = await requireDraft(trx, municipalityId, opts.importId, 'observations');
		const settings: ObservationDraftSettings = { ...(run.mapping as ObservationDraftSettings), mapping };
		await trx.updateTable('import_run').set({ mapping: JSON.stringify(settings) }).where('municipality_id', '=', municipalityId).where('id', '=', run.id).execute();
		await recordAudit(trx, ctx.principal, municipalityId, { action: 'update', entity: 'import_run', entityId: run.id, after: { mapping } }, ctx.requestId);
	});
}

/** The validation report of a draft with its mapping, without writing anything. */
export async function checkDraft(db: Db['kysely'], municipalityId: string, id: string, opts: { skipUnmatched?: boolean } = {}) {
	const { run, read, settings } = await readDraftTable(db, municipalityId, id);
	if (!read.ok || !settings.mapping) return { run, read, settings, validated: null };
	const mapping: ObservationMapping = { ...settings.mapping, unmatchedAreas: opts.skipUnmatched ? 'skip' : 'error' };
	const validated = await validateTable(db, municipalityId, read.table, mapping);
	return { run, read, settings, validated };
}

export type ConfirmOutcome = { mode: 'done'; outcome: ImportOutcome } | { mode: 'queued'; jobId: string };

/**
 * Runs the import of a mapped draft. Small tables are validated and written in this request (all or nothing,
 * the run records counts and the report); a table with more than SYNC_IMPORT_MAX_ROWS rows is handed to the
 * job runner. A draft whose report still has errors is refused and stays a draft.
 */
export async function confirmObservationDraft(opts: { ctx: CommandContext; importId: string; skipUnmatched?: boolean; syncMaxRows?: number }): Promise<ConfirmOutcome> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	const checked = await checkDraft(ctx.db.kysely, municipalityId, opts.importId, { skipUnmatched: opts.skipUnmatched });
	if (!checked.read.ok) throw new ConflictError('statistics.import.error.unreadable');
	if (!checked.validated || !checked.settings.mapping) throw new ConflictError('statistics.import.error.noMapping');
	if (checked.validated.errorCount > 0) throw new ConflictError('statistics.import.error.reportHasErrors');
	const mapping: ObservationMapping = { ...checked.settings.mapping, unmatchedAreas: opts.skipUnmatched ? 'skip' : 'error' };
	const rowsTotal = checked.read.table.rows.length;
	if (rowsTotal > (opts.syncMaxRows ?? SYNC_IMPORT_MAX_ROWS)) {
		const jobId = newId();
		await ctx.db.kysely.transaction().execute(async (trx) => {
			const { run } = await requireDraft(trx, municipalityId, opts.importId, 'observations');
			const moved = await trx
				.updateTable('import_run')
				.set({ status: 'queued', job_id: jobId, rows_total: rowsTotal, mapping: JSON.stringify(mapping) })
				.where('municipality_id', '=', municipalityId)
				.where('id', '=', run.id)
				.where('status', '=', 'queued')
				.where('job_id', 'is', null)
				.executeTakeFirst();
			if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('statistics.import.error.notDraft');
			const userId = ctx.principal.via === 'system' ? null : ctx.principal.userId;
			const payload: ObservationImportJobPayload = { importRunId: run.id, municipalityId, userId, read: checked.settings.sheet ? { sheet: checked.settings.sheet } : undefined };
			await enqueueJob(trx, { id: jobId, kind: IMPORT_OBSERVATIONS_JOB, payload, municipalityId, createdBy: userId, maxAttempts: 2 });
			await recordAudit(trx, ctx.principal, municipalityId, { action: 'update', entity: 'import_run', entityId: run.id, after: { status: 'queued', jobId, rows: rowsTotal } }, ctx.requestId);
		});
		notifyJobRunner();
		return { mode: 'queued', jobId };
	}
	// Claim the draft first so a double submit cannot import twice; finishImport then writes all or nothing.
	const claimed = await ctx.db.kysely
		.updateTable('import_run')
		.set({ status: 'running', mapping: JSON.stringify(mapping), rows_total: rowsTotal })
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', opts.importId)
		.where('status', '=', 'queued')
				.where('job_id', 'is', null)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('statistics.import.error.notDraft');
	const outcome = await finishImport({
		db: ctx.db,
		principal: ctx.principal,
		requestId: ctx.requestId,
		runId: opts.importId,
		validated: checked.validated,
		rowsTotal
	});
	return { mode: 'done', outcome };
}

/** Removes a draft and its file (the user cancels the wizard). */
export async function discardDraft(opts: { ctx: CommandContext; importId: string; kind: DraftKind }): Promise<void> {
	const { ctx } = opts;
	assert(opts.kind === 'boundaries' ? canManageIndicators(ctx.principal) : canImportStatistics(ctx.principal));
	const municipalityId = ctx.principal.municipalityId;
	await ctx.db.kysely.transaction().execute(async (trx) => {
		const { run } = await requireDraft(trx, municipalityId, opts.importId, opts.kind);
		await trx.deleteFrom('import_run').where('municipality_id', '=', municipalityId).where('id', '=', run.id).execute();
		await recordAudit(trx, ctx.principal, municipalityId, { action: 'delete', entity: 'import_run', entityId: run.id, before: { fileName: run.fileName, kind: run.kind } }, ctx.requestId);
	});
}

// ---------------------------------------------------------------- boundaries

/** Reads the stored boundary file of a draft with the chosen (or stored, or detected) CRS. */
export async function readDraftBoundaries(db: Db['kysely'], municipalityId: string, id: string, opts: { crs?: CrsCode; near?: [number, number] } = {}): Promise<{ run: ImportRun; read: BoundaryReadResult; settings: BoundaryDraftSettings; properties: string[] }> {
	const { run, bytes } = await requireDraft(db, municipalityId, id, 'boundaries');
	const settings = run.mapping as BoundaryDraftSettings;
	const read = await readBoundaries(bytes, { crs: opts.crs ?? settings.crs, near: opts.near, limits: { maxBytes: uploadLimitBytes() } });
	const properties = [...new Set(read.features.flatMap((f) => Object.keys(f.properties)))];
	return { run, read, settings, properties };
}

export const boundaryConfirmInput = z.object({
	codeProperty: requiredText(100),
	nameProperty: requiredText(100),
	level: levelField,
	crs: crsField
});

/**
 * Writes the areas of a boundary draft: every feature must be valid and have a code and a name; areas are
 * created or updated by code in one transaction together with the finished run and one audit entry.
 */
export async function confirmBoundaryDraft(opts: { ctx: CommandContext; importId: string; input: unknown; near?: [number, number] }): Promise<{ created: number; updated: number }> {
	const { ctx } = opts;
	assert(canManageIndicators(ctx.principal));
	const input = parseInput(boundaryConfirmInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const { run, read } = await readDraftBoundaries(ctx.db.kysely, municipalityId, opts.importId, { crs: input.crs, near: opts.near });
	if (!read.ok) throw new ConflictError('statistics.areas.error.reportHasErrors');
	const errors: Record<string, string[]> = {};
	const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
	const areas = read.features.map((f) => ({ code: text(f.properties[input.codeProperty]), name: text(f.properties[input.nameProperty]), level: input.level, boundary: f.geometry }));
	const seen = new Set<string>();
	areas.forEach((a, i) => {
		if (!a.code) (errors.codeProperty ??= []).push('statistics.areas.error.codeEmpty');
		else if (seen.has(a.code)) (errors.codeProperty ??= []).push('statistics.areas.error.codeDuplicate');
		seen.add(a.code);
		if (!a.name) (errors.nameProperty ??= []).push('statistics.areas.error.nameEmpty');
		void i;
	});
	for (const k of Object.keys(errors)) errors[k] = [...new Set(errors[k])];
	if (Object.keys(errors).length) throw new ValidationError(errors);
	const parsed = saveAreasInput.safeParse({ areas });
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		const field = first.path.includes('code') ? 'codeProperty' : first.path.includes('name') ? 'nameProperty' : '_form';
		throw new ValidationError({ [field]: [first.path.includes('boundary') ? 'statistics.areas.error.boundary' : first.message?.startsWith('error.') ? first.message : 'error.invalid'] });
	}
	return ctx.db.kysely.transaction().execute(async (trx) => {
		const moved = await trx
			.updateTable('import_run')
			.set({ status: 'running' })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', run.id)
			.where('status', '=', 'queued')
				.where('job_id', 'is', null)
			.executeTakeFirst();
		if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('statistics.import.error.notDraft');
		const { result, audit } = await writeStatisticalAreas(trx, municipalityId, parsed.data);
		const settings: BoundaryDraftSettings = { level: input.level, crs: read.crs, codeProperty: input.codeProperty, nameProperty: input.nameProperty };
		await trx
			.updateTable('import_run')
			.set({
				status: 'succeeded',
				mapping: JSON.stringify(settings),
				report: JSON.stringify({ crs: read.crs, crsSource: read.crsSource, features: read.featureCount, issues: read.issues }),
				rows_total: read.featureCount,
				inserted_count: result.created,
				updated_count: result.updated,
				file_content: null,
				finished_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', run.id)
			.execute();
		await recordAudit(trx, ctx.principal, municipalityId, { ...audit, entityId: run.id, after: { ...(audit.after as object), importRunId: run.id, fileName: run.fileName } }, ctx.requestId);
		return { created: result.created, updated: result.updated };
	});
}

// ---------------------------------------------------------------- form uploads

export type UploadField = { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; error: string; params?: Record<string, string | number> };

/**
 * The file of a multipart form field, refused with a catalogue key before reading when it is missing or larger
 * than the wizards' limit (the server's body limit would otherwise answer with a bare error).
 */
export async function uploadFromForm(fd: FormData, field = 'file'): Promise<UploadField> {
	const f = fd.get(field);
	if (!f || typeof f === 'string' || f.size === 0 && !f.name) return { ok: false, error: 'statistics.upload.error.missing' };
	const limit = uploadLimitBytes();
	if (f.size > limit) return { ok: false, error: 'statistics.upload.error.tooLarge', params: { maxMb: Math.floor((limit / MB) * 10) / 10 } };
	return { ok: true, fileName: f.name || 'upload', bytes: new Uint8Array(await f.arrayBuffer()) };
}

/** Guesses which feature properties hold the code and the name of an area. */
export function guessBoundaryProperties(properties: readonly string[]): { codeProperty: string; nameProperty: string } {
	const pick = (re: RegExp, not?: string) => properties.find((p) => re.test(p) && p !== not);
	const codeProperty = pick(/^(code|schluessel|schlüssel|id|nr|nummer|.*_id|.*schl.*|.*code.*|.*nr)$/i) ?? properties[0] ?? '';
	const nameProperty = pick(/^(name|.*name.*|bez|bezeichnung|gen)$/i, codeProperty) ?? properties.find((p) => p !== codeProperty) ?? codeProperty;
	return { codeProperty, nameProperty };
}
