import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { actionFieldInput, nameTaken } from './create-action-field';
import { canManageActionFields } from './policies';

export const updateActionFieldInput = actionFieldInput;

/** Renames or describes a field of action (the key of a handbook field stays, so links and reports keep working). */
export async function updateActionField(opts: { ctx: CommandContext; fieldId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(canManageActionFields(ctx.principal));
	const input = parseInput(updateActionFieldInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const before = await trx
			.selectFrom('action_field')
			.select(['id', 'name', 'description'])
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', opts.fieldId)
			.executeTakeFirst();
		if (!before) throw new NotFoundError('action field');
		if (await nameTaken(trx, municipalityId, input.name, before.id)) throw new ConflictError('error.duplicateName', 'name');
		await trx
			.updateTable('action_field')
			.set({ name: input.name, description: input.description, updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', before.id)
			.execute();
		return { result: undefined, audit: { action: 'update', entity: 'action_field', entityId: before.id, before: { name: before.name, description: before.description }, after: input } };
	});
}
