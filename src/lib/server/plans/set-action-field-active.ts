import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { flag, parseInput } from '../core/validate';
import { canManageActionFields } from './policies';

export const setActionFieldActiveInput = z.object({ active: flag });

/**
 * Deactivates or reactivates a field of action. A deactivated field is no longer offered for new goals and
 * measures; existing ones keep it (deleting would break the plan's history).
 */
export async function setActionFieldActive(opts: { ctx: CommandContext; fieldId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(canManageActionFields(ctx.principal));
	const { active } = parseInput(setActionFieldActiveInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const before = await trx.selectFrom('action_field').select(['id', 'active']).where('municipality_id', '=', municipalityId).where('id', '=', opts.fieldId).executeTakeFirst();
		if (!before) throw new NotFoundError('action field');
		await trx.updateTable('action_field').set({ active: bool(active), updated_at: nowIso() }).where('municipality_id', '=', municipalityId).where('id', '=', before.id).execute();
		return { result: undefined, audit: { action: 'update', entity: 'action_field', entityId: before.id, before: { active: before.active === 1 }, after: { active } } };
	});
}
