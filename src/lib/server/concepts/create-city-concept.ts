import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { createCityConceptInput } from './concept-input';
import type { CityConcept } from './concepts.repository';
import { canEditCityConcepts } from './policies';

export { createCityConceptInput };

/** Records a city-wide concept (integration concept, ISEK, youth plan…) that district goals can refer to. */
export async function createCityConcept(opts: { ctx: CommandContext; input: unknown }): Promise<CityConcept> {
	const { ctx } = opts;
	assert(canEditCityConcepts(ctx.principal));
	const input = parseInput(createCityConceptInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const now = nowIso();
		const concept: CityConcept = { id: newId(), kind: input.kind, title: input.title, year: input.year, description: input.description, createdAt: now, updatedAt: now };
		await trx
			.insertInto('city_concept')
			.values({
				id: concept.id,
				municipality_id: ctx.principal.municipalityId,
				kind: concept.kind,
				title: concept.title,
				year: concept.year,
				description: concept.description,
				created_at: now,
				updated_at: now
			})
			.execute();
		return { result: concept, audit: { action: 'create', entity: 'city_concept', entityId: concept.id, after: concept } };
	});
}
