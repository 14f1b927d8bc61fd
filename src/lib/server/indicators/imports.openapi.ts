import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { problemResponses, problemSchema, writeProblemResponses } from '../api/problem-schema';
import { GRID_MEDIA_TYPES, gridImportQuery, REGISTER_MEDIA_TYPES, registerImportQuery } from './imports-api';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const file = z.string().meta({ description: 'The file itself (binary)', format: 'binary' });

const uploadProblems = {
	...writeProblemResponses,
	'413': problem('The file is larger than the upload limit: just below the server’s BODY_SIZE_LIMIT (default 2 MB), at most 50 MB'),
	'415': problem('The body has a media type that is not accepted'),
	'422': problem('Invalid settings or file; `errors` names the fields (target, level, period, columns.<i>.indicatorKey, columns.<field>, indicators.<output>, file)')
};

const gridStarted = z
	.object({ id: z.uuid(), status: z.literal('queued'), href: z.string().meta({ description: 'The job resource (same as the Location header)' }) })
	.meta({ id: 'GridImportStarted' });

const gridImport = z
	.object({
		id: z.uuid(),
		status: z.enum(['queued', 'running', 'succeeded', 'failed']),
		fileName: z.string(),
		createdAt: z.string(),
		finishedAt: z.string().nullable(),
		settings: z.object({
			target: z.string(),
			level: z.string().nullable(),
			period: z.string(),
			columns: z.array(z.object({ column: z.string(), indicatorKey: z.string(), kind: z.string() }))
		}),
		progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable().meta({ description: 'Bytes of the file read so far, while the job is queued or running' }),
		error: z
			.object({ reason: z.string(), code: z.string().nullable().meta({ description: 'Issue code when the file could not be read' }), row: z.number().int().nullable() })
			.nullable(),
		result: z
			.object({
				weights: z.string().nullable().meta({ description: 'Where the weights of shares and means came from: value-file, population-file or none' }),
				cells: z.object({
					read: z.number().int().meta({ description: 'Grid cells read from the file' }),
					assigned: z.number().int().meta({ description: 'Cells whose centre lies in one of the target areas' }),
					outside: z.number().int().meta({ description: 'Cells outside every target area' }),
					limited: z.number().int().meta({ description: 'Assigned cells flagged KLAMMERN (limited reliability)' }),
					skippedLines: z.number().int()
				}),
				areas: z.object({ polygons: z.number().int(), withoutCells: z.number().int() }),
				indicators: z.array(
					z.object({
						column: z.string(),
						indicatorKey: z.string(),
						kind: z.string(),
						knownCells: z.number().int(),
						suppressedCells: z.number().int().meta({ description: 'Assigned cells whose value is kept secret in the file ("–")' }),
						weightUnknownCells: z.number().int().meta({ description: 'Shares and means: assigned cells without a known population' }),
						observations: z.number().int().meta({ description: 'Observations of this indicator still stored from this run' })
					})
				),
				observations: z.object({ total: z.number().int(), inserted: z.number().int(), updated: z.number().int() }),
				assignment: z.object({
					boundaryVersion: z.string(),
					cacheReused: z.boolean(),
					located: z.number().int().meta({ description: 'Cells located by point-in-polygon in this run' }),
					cachedHits: z.number().int().meta({ description: 'Cells taken from the stored assignment of unchanged boundaries' })
				}),
				issues: z.array(z.object({ code: z.string(), row: z.number().int().nullable(), columnName: z.string().nullable() }))
			})
			.nullable()
			.meta({ description: 'The report once the job has succeeded' })
	})
	.meta({ id: 'GridImport', description: 'A Zensus grid import job' });

const figureCell = z.object({ value: z.number().nullable(), flags: z.array(z.string()) });
const registerResult = z
	.object({
		importRunId: z.uuid(),
		period: z.string(),
		persons: z.number().int().meta({ description: 'Persons (rows) counted' }),
		areas: z.number().int().meta({ description: 'Statistical areas matched by code' }),
		unknownCitizenship: z.number().int(),
		observations: z.object({ total: z.number().int(), inserted: z.number().int(), updated: z.number().int() }),
		unmatchedAreas: z.object({ codes: z.array(z.string()), persons: z.number().int() }).meta({ description: 'Area codes of the file that are no statistical area (not imported)' }),
		figures: z
			.object({
				indicators: z.array(z.object({ id: z.uuid(), key: z.string(), name: z.string(), unit: z.string(), valueKind: z.string() })),
				areas: z.array(z.object({ code: z.string(), name: z.string(), cells: z.record(z.string(), figureCell).meta({ description: 'By indicator id' }) }))
			})
			.meta({ description: 'The stored figures per area with disclosure control applied (small counts and their shares are null, flag suppressed-*)' })
	})
	.meta({ id: 'RegisterImportResult', description: 'Aggregated result of a register extract; no row, person id or file is stored or returned' });

export const importsPaths: ZodOpenApiPathsObject = {
	'/imports/zensus-grid': {
		post: {
			operationId: 'startZensusGridImport',
			summary: 'Import a Zensus 2022 grid (100 m cells) aggregated to statistical areas or districts, as a background job',
			description:
				'The grid CSV (`;`-separated, columns GITTER_ID_100m, x_mp_100m, y_mp_100m and value columns) or the ZIP the statistics offices publish is the raw request body; the settings are query parameters. ' +
				'Counts are summed, shares and means weighted by the cells’ population; secret cells are counted. Answers 202 with the Location of the job; poll it until status is succeeded or failed. ' +
				'Settings are checked before the upload is stored: unknown indicator keys, a level without boundaries or a column mapped twice answer 422.',
			tags: ['statistics'],
			requestParams: { query: gridImportQuery, header: z.object({ 'content-disposition': z.string().optional().meta({ description: 'attachment; filename="…" – the file name shown in the import list' }) }) },
			requestBody: {
				required: true,
				description:
					'At most the upload limit: just below the server’s BODY_SIZE_LIMIT (default 2 MB), at most 50 MB. Send the ZIP rather than the CSV (a grid compresses about 5:1); for larger files raise BODY_SIZE_LIMIT or use the import page, which uploads in chunks of up to 400 MB. Shares and means are weighted by the column Einwohner, so a file with shares or means must contain it (the import page also takes a separate population grid).',
				content: Object.fromEntries(GRID_MEDIA_TYPES.map((t) => [t, { schema: file }]))
			},
			responses: {
				'202': { description: 'Accepted: the job is queued', headers: z.object({ location: z.string().meta({ description: 'The job resource' }) }), ...json(gridStarted) },
				...uploadProblems
			}
		}
	},
	'/imports/zensus-grid/{importId}': {
		get: {
			operationId: 'getZensusGridImport',
			summary: 'Status, progress and result of a Zensus grid import (another municipality’s id: 404)',
			tags: ['statistics'],
			requestParams: { path: z.object({ importId: z.uuid() }) },
			responses: { '200': { description: 'The job', ...json(gridImport) }, ...problemResponses }
		}
	},
	'/imports/register': {
		post: {
			operationId: 'importRegisterExtract',
			summary: 'Migration background (MigraPro rule) from a population register extract: only aggregated counts per area are stored and returned',
			description:
				'The extract (CSV, XLSX or ODS, one person per row) is the raw request body; the column mapping and the target indicators are query parameters (defaults as on the import page). ' +
				'The file is evaluated in memory within the request and discarded: no row, person id or file is stored or returned. The answer holds counts and the disclosure-controlled figures per area.',
			tags: ['statistics'],
			requestParams: { query: registerImportQuery, header: z.object({ 'content-disposition': z.string().optional().meta({ description: 'attachment; filename="…"' }) }) },
			requestBody: { required: true, description: 'At most the upload limit: just below the server’s BODY_SIZE_LIMIT (default 2 MB), at most 50 MB', content: Object.fromEntries(REGISTER_MEDIA_TYPES.map((t) => [t, { schema: file }])) },
			responses: { '200': { description: 'The aggregated result', ...json(registerResult) }, ...uploadProblems }
		}
	}
};
