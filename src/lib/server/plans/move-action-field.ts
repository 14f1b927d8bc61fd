import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { canManageActionFields } from './policies';

export const moveActionFieldInput = z.object({ direction: z.enum(['up', 'down']) });

/**
 * Moves a field of action one place up or down. The order is renumbered 10, 20, 30 … so that it stays dense
 * and unique whatever happened before (fields added, equal sort orders from imports).
 */
export async function moveActionField(opts: { ctx: CommandContext; fieldId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(canManageActionFields(ctx.principal));
	const { direction } = parseInput(moveActionFieldInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const fields = await trx
			.selectFrom('action_field')
			.select(['id', 'sort_order', 'name'])
			.where('municipality_id', '=', municipalityId)
			.orderBy('sort_order')
			.orderBy('name')
			.execute();
		const i = fields.findIndex((f) => f.id === opts.fieldId);
		if (i < 0) throw new NotFoundError('action field');
		const j = direction === 'up' ? i - 1 : i + 1;
		const order = fields.map((f) => f.id);
		if (j >= 0 && j < order.length) [order[i], order[j]] = [order[j], order[i]];
		const now = nowIso();
		for (const [k, id] of order.entries()) {
			const sort = (k + 1) * 10;
			if (fields.find((f) => f.id === id)!.sort_order !== sort) {
				await trx.updateTable('action_field').set({ sort_order: sort, updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', id).execute();
			}
		}
		return {
			result: undefined,
			audit: { action: 'update', entity: 'action_field', entityId: opts.fieldId, before: { position: i + 1 }, after: { position: Math.min(Math.max(j, 0), order.length - 1) + 1 } }
		};
	});
}
