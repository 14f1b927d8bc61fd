import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { saveAreasInput } from './indicator-input';
import { canManageIndicators } from './policies';

export { saveAreasInput };

const CHUNK = 200;

/**
 * Creates or updates statistical areas by code (a boundary import or a code list), in one transaction with
 * one audit entry that counts what happened. Parents are given by code and may be in the same batch or
 * already stored. An area's boundary is replaced only when the input has one.
 */
export async function saveStatisticalAreas(opts: { ctx: CommandContext; input: unknown }): Promise<{ created: number; updated: number; ids: Record<string, string> }> {
	const { ctx } = opts;
	assert(canManageIndicators(ctx.principal));
	const input: z.output<typeof saveAreasInput> = parseInput(saveAreasInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	checkDuplicateCodes(input);
	return inTransaction(ctx, (trx) => writeStatisticalAreas(trx, municipalityId, input));
}

function checkDuplicateCodes(input: z.output<typeof saveAreasInput>): Map<string, number> {
	const seen = new Map<string, number>();
	input.areas.forEach((a, i) => {
		if (seen.has(a.code)) throw new ValidationError({ [`areas.${i}.code`]: ['error.duplicateCode'] });
		seen.set(a.code, i);
	});
	return seen;
}

/**
 * The writes of saveStatisticalAreas inside the caller's transaction (also used by the boundary import, which
 * finishes its import run in the same transaction). Returns the result and the audit record to store.
 */
export async function writeStatisticalAreas(trx: Transaction<Database>, municipalityId: string, input: z.output<typeof saveAreasInput>) {
	const seen = checkDuplicateCodes(input);
	{
		const existing = new Map(
			(await trx.selectFrom('statistical_area').select(['id', 'code']).where('municipality_id', '=', municipalityId).execute()).map((r) => [r.code, r.id])
		);
		const ids: Record<string, string> = {};
		for (const a of input.areas) ids[a.code] = existing.get(a.code) ?? newId();
		const parentOf = (code: string | null | undefined, i: number): string | null => {
			if (!code) return null;
			const id = ids[code] ?? existing.get(code);
			if (!id) throw new ValidationError({ [`areas.${i}.parentCode`]: ['error.unknownReference'] });
			if (code === input.areas[i].code) throw new ValidationError({ [`areas.${i}.parentCode`]: ['error.ownParent'] });
			return id;
		};
		const now = nowIso();
		let created = 0;
		let updated = 0;
		// Two passes: rows first without parents (a parent may come later in the batch), then the parents.
		for (let i = 0; i < input.areas.length; i += CHUNK) {
			const rows = input.areas.slice(i, i + CHUNK).map((a) => ({
				id: ids[a.code],
				municipality_id: municipalityId,
				code: a.code,
				name: a.name,
				level: a.level,
				parent_id: null as string | null,
				boundary: a.boundary ? JSON.stringify(a.boundary) : null,
				population: a.population ?? null,
				created_at: now,
				updated_at: now
			}));
			const news = rows.filter((r) => !existing.has(r.code));
			if (news.length) await trx.insertInto('statistical_area').values(news).execute();
			created += news.length;
			for (const r of rows.filter((r) => existing.has(r.code))) {
				const a = input.areas[seen.get(r.code)!];
				await trx
					.updateTable('statistical_area')
					.set({ name: r.name, level: r.level, updated_at: now, ...(a.boundary ? { boundary: r.boundary } : {}), ...(a.population !== undefined ? { population: r.population } : {}) })
					.where('municipality_id', '=', municipalityId)
					.where('id', '=', r.id)
					.execute();
				updated++;
			}
		}
		for (const [i, a] of input.areas.entries()) {
			if (a.parentCode === undefined) continue;
			await trx.updateTable('statistical_area').set({ parent_id: parentOf(a.parentCode, i) }).where('municipality_id', '=', municipalityId).where('id', '=', ids[a.code]).execute();
		}
		return {
			result: { created, updated, ids },
			audit: { action: 'import', entity: 'statistical_area', entityId: null, after: { created, updated, codes: input.areas.length } }
		};
	}
}
