import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { updateCityConceptInput } from './concept-input';
import { findCityConcept, type CityConcept } from './concepts.repository';
import { canEditCityConcepts } from './policies';

export { updateCityConceptInput };

export async function updateCityConcept(opts: { ctx: CommandContext; conceptId: string; input: unknown }): Promise<CityConcept> {
	const { ctx, conceptId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditCityConcepts(ctx.principal));
	const input = parseInput(updateCityConceptInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const found = await findCityConcept(trx, municipalityId, conceptId);
		if (!found) throw new NotFoundError('city concept');
		const { goals: _goals, ...before } = found;
		const after: CityConcept = {
			...before,
			kind: input.kind ?? before.kind,
			title: input.title ?? before.title,
			year: input.year === undefined ? before.year : input.year,
			description: input.description ?? before.description,
			updatedAt: nowIso()
		};
		await trx
			.updateTable('city_concept')
			.set({ kind: after.kind, title: after.title, year: after.year, description: after.description, updated_at: after.updatedAt })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', conceptId)
			.execute();
		return { result: after, audit: { action: 'update', entity: 'city_concept', entityId: conceptId, before, after } };
	});
}
