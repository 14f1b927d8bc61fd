import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { conceptGoalInput } from './concept-input';
import { findCityConcept, type ConceptGoal } from './concepts.repository';
import { canEditCityConcepts } from './policies';

export { conceptGoalInput };

/** Adds a goal to a city concept; a given code must be unique within the concept. */
export async function createConceptGoal(opts: { ctx: CommandContext; conceptId: string; input: unknown }): Promise<ConceptGoal> {
	const { ctx, conceptId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditCityConcepts(ctx.principal));
	const input = parseInput(conceptGoalInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const concept = await findCityConcept(trx, municipalityId, conceptId);
		if (!concept) throw new NotFoundError('city concept');
		if (input.code && concept.goals.some((g) => g.code === input.code)) throw new ConflictError('error.duplicateCode', 'code');
		const now = nowIso();
		const goal: ConceptGoal = { id: newId(), conceptId, code: input.code, title: input.title, description: input.description };
		await trx
			.insertInto('concept_goal')
			.values({
				id: goal.id,
				municipality_id: municipalityId,
				city_concept_id: conceptId,
				code: goal.code,
				title: goal.title,
				description: goal.description,
				created_at: now,
				updated_at: now
			})
			.execute();
		return { result: goal, audit: { action: 'create', entity: 'concept_goal', entityId: goal.id, after: goal } };
	});
}
