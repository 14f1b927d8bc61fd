import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText, trimmed } from '../core/validate';
import { canManageActionFields } from './policies';

export const actionFieldInput = z.object({
	name: requiredText(200),
	description: trimmed(2000).default('')
});

/** Names are compared case-insensitively so that "Sport" and "sport" are not two fields. */
export async function nameTaken(trx: Transaction<Database>, municipalityId: string, name: string, exceptId?: string): Promise<boolean> {
	const rows = await trx.selectFrom('action_field').select(['id', 'name']).where('municipality_id', '=', municipalityId).execute();
	return rows.some((r) => r.id !== exceptId && r.name.toLocaleLowerCase('de') === name.toLocaleLowerCase('de'));
}

/** Adds a field of action of the municipality's own, at the end of the order. */
export async function createActionField(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(canManageActionFields(ctx.principal));
	const input = parseInput(actionFieldInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		if (await nameTaken(trx, municipalityId, input.name)) throw new ConflictError('error.duplicateName', 'name');
		const last = await trx
			.selectFrom('action_field')
			.select((eb) => eb.fn.max('sort_order').as('max'))
			.where('municipality_id', '=', municipalityId)
			.executeTakeFirst();
		const id = newId();
		const now = nowIso();
		const row = {
			id,
			municipality_id: municipalityId,
			key: `custom-${id.slice(0, 8)}`,
			name: input.name,
			description: input.description,
			sort_order: Number(last?.max ?? 0) + 10,
			active: 1 as const,
			created_at: now,
			updated_at: now
		};
		await trx.insertInto('action_field').values(row).execute();
		return { result: { id }, audit: { action: 'create', entity: 'action_field', entityId: id, after: { key: row.key, ...input, sortOrder: row.sort_order } } };
	});
}
