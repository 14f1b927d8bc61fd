/**
 * The statistics import sources for API clients (municipal IT, scripts): the Zensus grid import
 * (grid-import.ts, a job) and the register extract (register-import.ts, aggregates only), with the file as the
 * raw request body and the settings as query parameters. A multipart form would not do: SvelteKit's origin
 * check refuses form content types (multipart/form-data, text/plain) from clients that send no Origin header,
 * which is every script. Only the parsing of the HTTP request lives here; the work is done by the commands.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { ApiInputError } from '../api/handler';
import type { CommandContext } from '../core/command';
import type { Locale } from '../../i18n/locales';
import { problemResponse } from '../api/problem';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../core/errors';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { translate } from '../../i18n';
import { findJobById } from '../jobs/jobs.repository';
import { liveJobProgress } from '../jobs/runner';
import { ImportError } from '../statistics/import/issues';
import { readUpload } from '../statistics/import/input';
import { isZip } from '../statistics/import/zip';
import { defaultColumnKind } from '../statistics/import/zensus-grid';
import { findGridImport, importRunFigures, startGridImport, type GridImportInput, type GridImportReport } from './grid-import';
import { uploadLimitBytes } from './import-wizard';
import { canImportStatistics } from './policies';
import { importRegisterExtract, indicatorsByKey, registerFields, registerOutputs, type RegisterField, type RegisterImportReport } from './register-import';
import { UnknownReferenceError } from './upsert-observations';

/** What the API handler (api/handler.ts) gives a statistics API call. */
export type StatsApiContext = CommandContext & { municipalityId: string; locale: Locale };

const safeTranslate = (ctx: Pick<StatsApiContext, 'locale'>, key: string) => {
	try {
		return translate(ctx.locale, key);
	} catch {
		return key; // a message that needs parameters we do not have
	}
};
const translated = (ctx: Pick<StatsApiContext, 'locale'>, errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.map((m) => safeTranslate(ctx, m))]));

/**
 * Runs a statistics API call: ids that are not the municipality's → 404 problem+json naming the fields,
 * invalid input → 422 with field details. Other errors go to the generic handler of api().
 */
export async function referenceProblem(ctx: StatsApiContext, body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (e) {
		if (e instanceof UnknownReferenceError) return problemResponse(404, 'not-found', 'A referenced indicator or area does not exist in this municipality.', ctx.requestId ?? undefined, { errors: translated(ctx, e.fieldErrors) });
		if (e instanceof ValidationError) return problemResponse(422, 'validation', 'The request contains invalid fields.', ctx.requestId ?? undefined, { errors: translated(ctx, e.fieldErrors) });
		throw e;
	}
}

export interface UploadBody {
	fileName: string;
	bytes: Uint8Array;
}

/** The file name from `Content-Disposition: attachment; filename="…"`, if the client sent one. */
export function fileNameOf(request: Request): string | null {
	const cd = request.headers.get('content-disposition') ?? '';
	const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim()).slice(0, 255) || null;
		} catch {
			return null;
		}
	}
	const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(cd);
	const name = (plain?.[1] ?? plain?.[2] ?? '').trim().replace(/[\\/]/g, '_');
	return name.slice(0, 255) || null;
}

/**
 * Reads a file sent as the raw request body: one of the accepted media types, at most `maxBytes` (413 before a
 * byte is read when Content-Length says so, else as soon as the stream passes the limit), not empty (422).
 */
export async function readUploadBody(request: Request, opts: { accept: readonly string[]; defaultName: string; maxBytes?: number }): Promise<UploadBody> {
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	if (!opts.accept.includes(type)) throw new ApiInputError(415, 'unsupported-media-type', `Send the file as the request body with one of: ${opts.accept.join(', ')}.`);
	const maxBytes = opts.maxBytes ?? uploadLimitBytes();
	const tooLarge = () => new ApiInputError(413, 'too-large', `The file exceeds ${maxBytes} bytes.`);
	const declared = Number(request.headers.get('content-length') ?? '');
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
	let bytes: Uint8Array;
	try {
		bytes = request.body ? await readUpload(request.body as unknown as AsyncIterable<Uint8Array>, { maxBytes }) : new Uint8Array();
	} catch (e) {
		if (e instanceof ImportError) throw tooLarge();
		// adapter-node stops a body past BODY_SIZE_LIMIT with a 413 error of its own
		if ((e as { status?: number })?.status === 413 || /limit|too large/i.test(String((e as Error)?.message))) throw tooLarge();
		throw new ApiInputError(400, 'unreadable-body', 'The request body could not be read.');
	}
	if (bytes.byteLength === 0) throw new ValidationError({ file: ['statistics.api.error.emptyBody'] });
	return { fileName: fileNameOf(request) ?? opts.defaultName, bytes };
}

// ------------------------------------------------------------------ Zensus grid

export const GRID_MEDIA_TYPES = ['text/csv', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'] as const;

const columnSpec = /^([^:]{1,100}):([a-z][a-z0-9_]{0,59})(?::(count|share|mean))?$/;

/** Query parameters of POST /imports/zensus-grid (documented in imports.openapi.ts). */
export const gridImportQuery = z.object({
	target: z.enum(['areas', 'districts']).meta({ description: '`areas`: statistical areas of `level`; `districts`: the districts (Quartiere) with boundaries' }),
	level: z.string().trim().min(1).max(60).optional().meta({ description: 'Spatial level of the statistical areas (required with target=areas), e.g. planning-area' }),
	period: z.string().trim().min(1).max(10).meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD', example: '2022' }),
	column: z
		.array(z.string().trim().regex(columnSpec, 'error.invalid'))
		.min(1)
		.max(20)
		.meta({
			description:
				'Repeatable: `<file column>:<indicator key>[:count|share|mean]`, e.g. `Einwohner:population` or `AnteilAuslaender:foreigners_share:share`. Without a kind, columns starting with "Anteil" are shares, "Durchschnitt…" means, others counts.'
		})
});

/** The settings from the query string, in the shape of gridImportInput (validated there once more). */
export function gridSettingsFromQuery(url: URL): GridImportInput {
	const q = parseInput(gridImportQuery, { target: url.searchParams.get('target') ?? undefined, level: url.searchParams.get('level') ?? undefined, period: url.searchParams.get('period') ?? undefined, column: url.searchParams.getAll('column') });
	return {
		target: q.target,
		level: q.level,
		period: q.period,
		columns: q.column.map((spec) => {
			const [, column, indicatorKey, kind] = columnSpec.exec(spec)!;
			return { column: column.trim(), indicatorKey, kind: (kind as 'count' | 'share' | 'mean' | undefined) ?? defaultColumnKind(column.trim()) };
		})
	};
}

/** POST /imports/zensus-grid: checks and stores the upload and enqueues the job (startGridImport). */
export async function startGridImportFromRequest(ctx: StatsApiContext, request: Request, url: URL): Promise<{ importRunId: string; jobId: string }> {
	assert(canImportStatistics(ctx.principal));
	const input = gridSettingsFromQuery(url);
	// CSV or the ZIP as published: the job decompresses a ZIP on the fly (grid-import.ts, zip-stream.ts).
	const upload = await readUploadBody(request, { accept: GRID_MEDIA_TYPES, defaultName: 'zensus-gitter.csv' });
	if (!fileNameOf(request) && isZip(upload.bytes)) upload.fileName = 'zensus-gitter.zip';
	return startGridImport({ ctx, files: { value: { bytes: upload.bytes, fileName: upload.fileName } }, input });
}

export interface GridImportResource {
	id: string;
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	fileName: string;
	createdAt: string;
	finishedAt: string | null;
	settings: { target: string; level: string | null; period: string; columns: { column: string; indicatorKey: string; kind: string }[] };
	progress: { done: number; total: number | null } | null;
	error: { reason: string; code: string | null; row: number | null } | null;
	result: {
		cells: { read: number; assigned: number; outside: number; limited: number; skippedLines: number };
		weights: string | null;
		areas: { polygons: number; withoutCells: number };
		indicators: { column: string; indicatorKey: string; kind: string; knownCells: number; suppressedCells: number; weightUnknownCells: number; observations: number }[];
		observations: { total: number; inserted: number; updated: number };
		assignment: { boundaryVersion: string; cacheReused: boolean; located: number; cachedHits: number };
		issues: { code: string; row: number | null; columnName: string | null }[];
	} | null;
}

/** GET /imports/zensus-grid/{id}: status, progress and, once finished, the report. Another municipality's run → 404. */
export async function gridImportResource(ctx: StatsApiContext, id: string): Promise<GridImportResource> {
	assert(canImportStatistics(ctx.principal));
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('import_run');
	const run = await findGridImport(ctx.db.kysely, ctx.municipalityId, id);
	if (!run) throw new NotFoundError('import_run');
	const settings = run.mapping as GridImportInput;
	const job = run.jobId ? await findJobById(ctx.db.kysely, run.jobId) : undefined;
	const live = run.jobId ? liveJobProgress(run.jobId) : undefined;
	const done = run.status === 'succeeded' || run.status === 'failed';
	const report = done ? (run.report as GridImportReport) : null;
	const perIndicator = report && run.status === 'succeeded' ? await observationsPerIndicator(ctx.db.kysely, ctx.municipalityId, run.id, report) : new Map<string, number>();
	const failure = run.status === 'failed' ? { reason: report?.error ? 'file' : (report?.failure ?? (job?.error ? 'job' : 'unknown')), code: report?.error?.code ?? null, row: report?.error?.row ?? null } : null;
	return {
		id: run.id,
		status: run.status,
		fileName: run.fileName,
		createdAt: run.createdAt,
		finishedAt: run.finishedAt,
		settings: { target: settings.target, level: settings.level ?? null, period: settings.period, columns: settings.columns.map((c) => ({ column: c.column, indicatorKey: c.indicatorKey, kind: c.kind })) },
		progress: done ? null : (live ?? (job ? { done: job.progressDone, total: job.progressTotal } : null)),
		error: failure,
		result:
			report && run.status === 'succeeded'
				? {
						cells: { read: report.cells, assigned: report.cells - report.cellsOutside, outside: report.cellsOutside, limited: report.limitedCells, skippedLines: report.skippedLines },
						weights: report.weights ?? null,
						areas: { polygons: report.polygons, withoutCells: report.areasWithoutCells },
						indicators: report.columns.map((c) => ({ column: c.column, indicatorKey: c.indicatorKey, kind: c.kind, knownCells: c.knownCells, suppressedCells: c.suppressedCells, weightUnknownCells: c.weightUnknownCells, observations: perIndicator.get(c.indicatorKey) ?? 0 })),
						observations: { total: report.observations, inserted: report.inserted, updated: report.updated },
						assignment: { boundaryVersion: report.boundaryVersion, cacheReused: report.cacheReused, located: report.located, cachedHits: report.cachedHits },
						issues: report.issues.map((i) => ({ code: i.code, row: i.row ?? null, columnName: i.columnName ?? null }))
					}
				: null
	};
}

/** Observations this run wrote per indicator key (those a later import of the same figures took over are not counted). */
async function observationsPerIndicator(db: Db['kysely'], municipalityId: string, importRunId: string, report: GridImportReport): Promise<Map<string, number>> {
	const indicators = await indicatorsByKey(db, municipalityId, report.columns.map((c) => c.indicatorKey));
	const rows = await db
		.selectFrom('observation')
		.select(['indicator_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.where('source_import_id', '=', importRunId)
		.groupBy('indicator_id')
		.execute();
	const byId = new Map(rows.map((r) => [r.indicator_id, Number(r.n)]));
	return new Map([...indicators].map(([key, ind]) => [key, byId.get(ind.id) ?? 0]));
}

// ------------------------------------------------------------------ register extract (MigraPro)

export const REGISTER_MEDIA_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.spreadsheet', 'application/octet-stream'] as const;

const optionalName = z.string().trim().max(100).optional();

/** Query parameters of POST /imports/register (documented in imports.openapi.ts). */
export const registerImportQuery = z.object({
	period: z.string().trim().min(1).max(10).meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD', example: '2024' }),
	referenceDate: z.string().trim().max(10).optional().meta({ description: 'Reference date for ages (YYYY-MM-DD); default the end of the period' }),
	level: z.string().trim().max(60).optional().meta({ description: 'Only statistical areas of this level are matched by code' }),
	...(Object.fromEntries(
		(Object.keys(registerFields) as RegisterField[]).map((f) => [
			`columns.${f}`,
			optionalName.meta({ description: `Column of the file holding ${f}; default ${f === 'age' ? 'none' : `"${registerFields[f][0]}"`}; an empty value: the file has no such column` })
		])
	) as Record<`columns.${RegisterField}`, typeof optionalName>),
	...(Object.fromEntries(
		registerOutputs.map((o) => [`indicators.${o.output}`, z.string().trim().max(60).optional().meta({ description: `Indicator key for ${o.output}; default "${o.defaultKey}" when the catalogue has it; empty: not stored` })])
	) as Record<`indicators.${(typeof registerOutputs)[number]['output']}`, z.ZodOptional<z.ZodString>>)
});

export interface RegisterImportResult {
	importRunId: string;
	period: string;
	persons: number;
	areas: number;
	unknownCitizenship: number;
	observations: { total: number; inserted: number; updated: number };
	unmatchedAreas: { codes: string[]; persons: number };
	figures: { indicators: { id: string; key: string; name: string; unit: string; valueKind: string }[]; areas: { code: string; name: string; cells: Record<string, { value: number | null; flags: string[] }> }[] };
}

/**
 * POST /imports/register: the extract is read and counted within the request (importRegisterExtract) and
 * dropped; the answer holds the aggregated result only, each figure disclosure-controlled, never a row.
 */
export async function importRegisterFromRequest(ctx: StatsApiContext, request: Request, url: URL): Promise<RegisterImportResult> {
	if (!canImportStatistics(ctx.principal)) throw new ForbiddenError();
	// `lang` is the site-wide language switch (hooks.server.ts), not a setting
	const raw = Object.fromEntries([...url.searchParams.keys()].filter((k) => k !== 'lang').map((k) => [k, url.searchParams.get(k) ?? undefined]));
	const q = parseInput(registerImportQuery.strict(), raw) as Record<string, string | undefined>;
	const upload = await readUploadBody(request, { accept: REGISTER_MEDIA_TYPES, defaultName: 'register.csv' });
	const catalogue = await indicatorsByKey(ctx.db.kysely, ctx.municipalityId, registerOutputs.map((o) => o.defaultKey));
	const columns = Object.fromEntries((Object.keys(registerFields) as RegisterField[]).map((f) => [f, q[`columns.${f}`] ?? (f === 'age' ? '' : registerFields[f][0])]));
	const indicators = Object.fromEntries(registerOutputs.map((o) => [o.output, q[`indicators.${o.output}`] ?? (catalogue.has(o.defaultKey) ? o.defaultKey : '')]));
	const out = await importRegisterExtract({ ctx, fileName: upload.fileName, bytes: upload.bytes, input: { period: q.period, referenceDate: q.referenceDate ?? '', level: q.level ?? '', columns, indicators } });
	if (!out.ok) throw new ValidationError(out.errors);
	const r: RegisterImportReport = out.report;
	return {
		importRunId: out.importRunId,
		period: q.period!,
		persons: r.persons,
		areas: r.areas,
		unknownCitizenship: r.unknownCitizenship,
		observations: { total: r.observations, inserted: r.inserted, updated: r.updated },
		unmatchedAreas: { codes: r.unmatchedAreas.map((u) => u.code), persons: r.unmatchedAreas.reduce((s, u) => s + u.persons, 0) },
		figures: await importRunFigures(ctx.db.kysely, ctx.municipalityId, out.importRunId)
	};
}
