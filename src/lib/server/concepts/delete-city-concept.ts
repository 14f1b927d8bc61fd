import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { countGoalLinks, findCityConcept } from './concepts.repository';
import { isForeignKeyViolation } from '../districts/db-errors';
import { canEditCityConcepts } from './policies';

/**
 * Deletes a city concept with its goals. Refused (error.inUse) while district goals link to one of its goals:
 * the database would drop those links silently (cascade), losing the traceability the handbook asks for.
 */
export async function deleteCityConcept(opts: { ctx: CommandContext; conceptId: string }): Promise<void> {
	const { ctx, conceptId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditCityConcepts(ctx.principal));
	try {
		await inTransaction(ctx, async (trx) => {
			const before = await findCityConcept(trx, municipalityId, conceptId);
			if (!before) throw new NotFoundError('city concept');
			if ((await countGoalLinks(trx, municipalityId, before.goals.map((g) => g.id))) > 0) throw new ConflictError('error.inUse');
			await trx.deleteFrom('concept_goal').where('municipality_id', '=', municipalityId).where('city_concept_id', '=', conceptId).execute();
			await trx.deleteFrom('city_concept').where('municipality_id', '=', municipalityId).where('id', '=', conceptId).execute();
			return { result: undefined, audit: { action: 'delete', entity: 'city_concept', entityId: conceptId, before } };
		});
	} catch (e) {
		if (isForeignKeyViolation(e)) throw new ConflictError('error.inUse');
		throw e;
	}
}
