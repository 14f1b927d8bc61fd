import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { updateConceptGoalInput } from './concept-input';
import { findCityConcept, findConceptGoal, type ConceptGoal } from './concepts.repository';
import { canEditCityConcepts } from './policies';

export { updateConceptGoalInput };

export async function updateConceptGoal(opts: { ctx: CommandContext; goalId: string; input: unknown }): Promise<ConceptGoal> {
	const { ctx, goalId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditCityConcepts(ctx.principal));
	const input = parseInput(updateConceptGoalInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const before = await findConceptGoal(trx, municipalityId, goalId);
		if (!before) throw new NotFoundError('concept goal');
		const after: ConceptGoal = {
			...before,
			code: input.code ?? before.code,
			title: input.title ?? before.title,
			description: input.description ?? before.description
		};
		if (after.code && after.code !== before.code) {
			const concept = await findCityConcept(trx, municipalityId, before.conceptId);
			if (concept?.goals.some((g) => g.id !== goalId && g.code === after.code)) throw new ConflictError('error.duplicateCode', 'code');
		}
		await trx
			.updateTable('concept_goal')
			.set({ code: after.code, title: after.title, description: after.description, updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', goalId)
			.execute();
		return { result: after, audit: { action: 'update', entity: 'concept_goal', entityId: goalId, before, after } };
	});
}
