import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findDistrictConcept } from './concepts.repository';
import { canEditDistrictConcept } from './policies';

/** Removes a district's concept and its starting decisions (e.g. before the district itself is deleted). */
export async function deleteDistrictConcept(opts: { ctx: CommandContext; districtId: string }): Promise<void> {
	const { ctx, districtId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditDistrictConcept(ctx.principal, districtId));
	await inTransaction(ctx, async (trx) => {
		const before = await findDistrictConcept(trx, municipalityId, districtId);
		if (!before) throw new NotFoundError('district concept');
		await trx.deleteFrom('starting_decision').where('municipality_id', '=', municipalityId).where('district_concept_id', '=', before.id).execute();
		await trx.deleteFrom('district_concept').where('municipality_id', '=', municipalityId).where('id', '=', before.id).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'district_concept', entityId: before.id, before } };
	});
}
