/**
 * Migration background from a register extract (issue 3, point 5): the upload is parsed in memory
 * (table-file.ts), its rows are streamed through the MigraPro rule (domain/statistics/migration-background.ts),
 * and ONLY the aggregated counts per area are stored as observations (numerator/denominator), together with an
 * import run whose report holds totals and unmatched area codes — never a row, a person id or the file. The
 * bytes are not persisted: the run's file_content stays null and the command works within the request.
 * Disclosure control is applied when the figures are shown (disclose.ts), as everywhere.
 */
import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/connection';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError, type FieldErrors } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText } from '../core/validate';
import { aggregateMigrationBackground, type MigrationCounts, type RegisterPerson } from '$lib/domain/statistics/migration-background';
import { readTableFile, type TableRow } from '../statistics/import/table-file';
import { toIndicator, type Indicator } from './indicators.repository';
import { canImportStatistics } from './policies';
import { writeObservations, type ObservationWrite } from './write-observations';

/** The figures a register extract yields, and the catalogue key proposed for each. */
export const registerOutputs = [
	{ output: 'population', defaultKey: 'population', kind: 'count' },
	{ output: 'withMigrationBackground', defaultKey: 'migration_background_share', kind: 'share' },
	{ output: 'foreigners', defaultKey: 'foreigners_share', kind: 'share' },
	{ output: 'germansWithMigrationBackground', defaultKey: 'germans_migration_background_share', kind: 'share' },
	{ output: 'minorsWithMigrationBackground', defaultKey: 'migration_background_under_18_share', kind: 'share' }
] as const;
export type RegisterOutput = (typeof registerOutputs)[number]['output'];

/** Register fields and the column names proposed for them (first found in the header, case-insensitive). */
export const registerFields = {
	area: ['Gebiet', 'Gebietsschluessel', 'Gebietsschlüssel', 'Bezirk', 'area'],
	citizenship: ['Staatsangehoerigkeit', 'Staatsangehörigkeit', 'citizenship'],
	secondCitizenship: ['Zweite_Staatsangehoerigkeit', 'Staatsangehoerigkeit2', 'second_citizenship'],
	countryOfBirth: ['Geburtsland', 'country_of_birth'],
	naturalised: ['Einbuergerung', 'Einbürgerung', 'naturalised'],
	birthDate: ['Geburtsdatum', 'birth_date'],
	age: ['Alter', 'age'],
	personId: ['Personen_ID', 'PersonID', 'person_id'],
	parentIds: ['Eltern_IDs', 'Eltern', 'parent_ids']
} as const;
export type RegisterField = keyof typeof registerFields;

const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

export const registerImportInput = z.object({
	period: z.string().trim().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
	/** Reference date for ages; default the end of the period. */
	referenceDate: optionalText(10).refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v), 'error.date'),
	level: optionalText(60),
	columns: z.object({
		area: requiredText(100),
		citizenship: requiredText(100),
		secondCitizenship: optionalText(100),
		countryOfBirth: optionalText(100),
		naturalised: optionalText(100),
		birthDate: optionalText(100),
		age: optionalText(100),
		personId: optionalText(100),
		parentIds: optionalText(100)
	}),
	indicators: z.object(Object.fromEntries(registerOutputs.map((o) => [o.output, optionalText(60)])) as Record<RegisterOutput, ReturnType<typeof optionalText>>)
});
export type RegisterImportInput = z.output<typeof registerImportInput>;

export interface RegisterImportReport {
	persons: number;
	areas: number;
	observations: number;
	inserted: number;
	updated: number;
	/** Area codes of the file that are no statistical area, with the number of persons (not imported). */
	unmatchedAreas: { code: string; persons: number }[];
	unknownCitizenship: number;
	totals: Omit<MigrationCounts, 'byReason'> & { byReason: MigrationCounts['byReason'] };
}

export type RegisterImportOutcome = { ok: true; importRunId: string; report: RegisterImportReport } | { ok: false; errors: FieldErrors };

export async function indicatorsByKey(db: Db['kysely'] | Transaction<Database>, municipalityId: string, keys: readonly string[]): Promise<Map<string, Indicator>> {
	const unique = [...new Set(keys)];
	if (unique.length === 0) return new Map();
	const rows = await db.selectFrom('indicator').selectAll().where('municipality_id', '=', municipalityId).where('key', 'in', unique).execute();
	return new Map(rows.map((r) => [r.key, toIndicator(r)]));
}

const TRUE = /^(1|j|ja|y|yes|true|x|wahr)$/i;
const splitIds = (v: string) => v.split(/[,;|\s]+/).map((s) => s.trim()).filter(Boolean);

/** Rows → persons, one at a time; nothing is kept beyond what the rule needs. */
function* persons(rows: readonly TableRow[], at: Partial<Record<RegisterField, number>>): Generator<RegisterPerson> {
	const cell = (r: TableRow, f: RegisterField) => (at[f] === undefined ? '' : (r.cells[at[f]!] ?? '').trim());
	for (const r of rows) {
		const nat = cell(r, 'naturalised');
		const age = cell(r, 'age');
		yield {
			areaId: cell(r, 'area'),
			citizenship: cell(r, 'citizenship') || null,
			secondCitizenship: cell(r, 'secondCitizenship') || null,
			countryOfBirth: cell(r, 'countryOfBirth') || null,
			naturalised: TRUE.test(nat),
			naturalisationDate: /^\d{4}-\d{2}-\d{2}$|^\d{1,2}\.\d{1,2}\.\d{4}$/.test(nat) ? nat : null,
			birthDate: toIsoDate(cell(r, 'birthDate')),
			age: age !== '' && /^\d+$/.test(age) ? Number(age) : null,
			personId: cell(r, 'personId') || undefined,
			parentIds: splitIds(cell(r, 'parentIds'))
		};
	}
}

function toIsoDate(v: string): string | null {
	if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
	const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
	return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : null;
}

const periodEnd = (p: string) => (p.length === 4 ? `${p}-12-31` : p.length === 7 ? `${p}-${String(new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}` : p);

/**
 * Computes and stores the migration background counts of a register extract. Validation problems (missing
 * columns, unknown indicators, unreadable file) come back as field errors; nothing is written then.
 */
export async function importRegisterExtract(opts: { ctx: CommandContext; fileName: string; bytes: Uint8Array; input: unknown }): Promise<RegisterImportOutcome> {
	const { ctx } = opts;
	assert(canImportStatistics(ctx.principal));
	const fileName = parseInput(requiredText(255), opts.fileName.slice(0, 255) || 'register.csv');
	const input = parseInput(registerImportInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const errors: FieldErrors = {};

	const keys = Object.values(input.indicators).filter((k): k is string => !!k);
	const indicators = await indicatorsByKey(ctx.db.kysely, municipalityId, keys);
	for (const o of registerOutputs) {
		const key = input.indicators[o.output];
		if (key && !indicators.has(key)) errors[`indicators.${o.output}`] = ['error.unknownReference'];
	}
	if (keys.length === 0) errors._form = ['statistics.sources.error.noOutputs'];

	const read = await readTableFile(opts.bytes, { filename: fileName });
	if (!read.ok) {
		// Only the issue codes: an issue's parameters may quote a cell of the file.
		errors.file = [...new Set(read.issues.map((i) => `import.${i.code}`))].slice(0, 5);
		throw new ValidationError(errors);
	}
	const header = read.table.header.map((h) => h.trim().toLowerCase());
	const at: Partial<Record<RegisterField, number>> = {};
	for (const [f, name] of Object.entries(input.columns) as [RegisterField, string | undefined][]) {
		if (!name) continue;
		const i = header.indexOf(name.toLowerCase());
		if (i < 0) errors[`columns.${f}`] = ['statistics.sources.error.columnNotInFile'];
		else at[f] = i;
	}
	if (Object.keys(errors).length) throw new ValidationError(errors);

	const referenceDate = input.referenceDate ?? periodEnd(input.period);
	const counts = await aggregateMigrationBackground(persons(read.table.rows, at), { referenceDate });
	read.table.rows.length = 0; // drop the parsed rows as soon as they are counted

	return inTransaction(ctx, async (trx) => {
		let q = trx.selectFrom('statistical_area').select(['id', 'code']).where('municipality_id', '=', municipalityId);
		if (input.level) q = q.where('level', '=', input.level);
		const areas = await q.execute();
		const byCode = new Map<string, string>();
		for (const a of areas) if (!byCode.has(a.code.trim().toUpperCase())) byCode.set(a.code.trim().toUpperCase(), a.id);
		const totals = { total: 0, foreigners: 0, germanWithMigrationBackground: 0, germanWithoutMigrationBackground: 0, unknown: 0, withMigrationBackground: 0, byReason: { naturalised: 0, repatriate: 0, secondCitizenship: 0, bornAbroad: 0, viaParents: 0 }, minors: 0, minorsWithMigrationBackground: 0 };
		const unmatchedAreas: RegisterImportReport['unmatchedAreas'] = [];
		const rows: ObservationWrite[] = [];
		const base = { provisional: false, estimated: false, limited: false, suppressed: false, period: input.period };
		for (const [code, c] of counts) {
			const areaId = byCode.get(code.trim().toUpperCase());
			if (!areaId) {
				unmatchedAreas.push({ code: code.slice(0, 40), persons: c.total });
				continue;
			}
			for (const k of ['total', 'foreigners', 'germanWithMigrationBackground', 'germanWithoutMigrationBackground', 'unknown', 'withMigrationBackground', 'minors', 'minorsWithMigrationBackground'] as const) totals[k] += c[k];
			for (const r of Object.keys(c.byReason) as (keyof MigrationCounts['byReason'])[]) totals.byReason[r] += c.byReason[r];
			// Shares over the persons whose citizenship is known (unknown ones are not guessed).
			const known = c.total - c.unknown;
			const add = (output: RegisterOutput, numerator: number | null, denominator: number | null, count?: number) => {
				const key = input.indicators[output];
				if (!key) return;
				const ind = indicators.get(key)!;
				if (ind.valueKind === 'count' || count !== undefined) rows.push({ ...base, indicatorId: ind.id, areaId, value: count ?? numerator, numerator: null, denominator: null });
				else rows.push({ ...base, indicatorId: ind.id, areaId, value: denominator ? (numerator! / denominator) * ind.scale : null, numerator, denominator });
			};
			add('population', null, null, c.total);
			add('withMigrationBackground', c.withMigrationBackground, known);
			add('foreigners', c.foreigners, known);
			add('germansWithMigrationBackground', c.germanWithMigrationBackground, known);
			add('minorsWithMigrationBackground', c.minorsWithMigrationBackground, c.minors);
		}
		unmatchedAreas.sort((a, b) => a.code.localeCompare(b.code));
		const importRunId = newId();
		const now = nowIso();
		const report: RegisterImportReport = { persons: totals.total + unmatchedAreas.reduce((s, u) => s + u.persons, 0), areas: counts.size - unmatchedAreas.length, observations: rows.length, inserted: 0, updated: 0, unmatchedAreas: unmatchedAreas.slice(0, 200), unknownCitizenship: totals.unknown, totals };
		await trx
			.insertInto('import_run')
			.values({
				id: importRunId,
				municipality_id: municipalityId,
				file_name: fileName,
				kind: 'register',
				status: 'running',
				mapping: JSON.stringify({ period: input.period, referenceDate, level: input.level ?? null, columns: input.columns, indicators: input.indicators }),
				report: '{}',
				rows_total: report.persons,
				inserted_count: 0,
				updated_count: 0,
				error_count: 0,
				file_content: null,
				job_id: null,
				created_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
				created_at: now,
				finished_at: null
			})
			.execute();
		const written = await writeObservations(trx, municipalityId, rows, { importRunId });
		report.inserted = written.inserted;
		report.updated = written.updated;
		await trx
			.updateTable('import_run')
			.set({ status: 'succeeded', report: JSON.stringify(report), inserted_count: written.inserted, updated_count: written.updated, finished_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', importRunId)
			.execute();
		return {
			result: { ok: true as const, importRunId, report },
			audit: { action: 'import', entity: 'import_run', entityId: importRunId, after: { kind: 'register', persons: report.persons, areas: report.areas, observations: rows.length, inserted: written.inserted, updated: written.updated } }
		};
	});
}
