import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { countGoalLinks, findConceptGoal } from './concepts.repository';
import { canEditCityConcepts } from './policies';

/** Deletes a concept goal; refused (error.inUse) while district goals link to it. */
export async function deleteConceptGoal(opts: { ctx: CommandContext; goalId: string }): Promise<void> {
	const { ctx, goalId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditCityConcepts(ctx.principal));
	await inTransaction(ctx, async (trx) => {
		const before = await findConceptGoal(trx, municipalityId, goalId);
		if (!before) throw new NotFoundError('concept goal');
		if ((await countGoalLinks(trx, municipalityId, [goalId])) > 0) throw new ConflictError('error.inUse');
		await trx.deleteFrom('concept_goal').where('municipality_id', '=', municipalityId).where('id', '=', goalId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'concept_goal', entityId: goalId, before } };
	});
}
