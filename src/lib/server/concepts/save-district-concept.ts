import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findDistrict } from '../districts/districts.repository';
import { districtConceptInput } from './concept-input';
import { startingDecisions } from './concept-model';
import { findDistrictConcept, type DistrictConcept } from './concepts.repository';
import { canEditDistrictConcept } from './policies';

export { districtConceptInput };

/**
 * Creates or updates the concept of a district together with its six starting decisions, in one step:
 * the page edits them in one form, and the audit entry shows the whole concept before and after.
 */
export async function saveDistrictConcept(opts: { ctx: CommandContext; districtId: string; input: unknown }): Promise<DistrictConcept> {
	const { ctx, districtId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditDistrictConcept(ctx.principal, districtId));
	const input = parseInput(districtConceptInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		if (!(await findDistrict(trx, municipalityId, districtId))) throw new NotFoundError('district');
		const before = await findDistrictConcept(trx, municipalityId, districtId);
		const now = nowIso();
		const conceptId = before?.id ?? newId();
		const values = {
			concept_type: input.conceptType,
			approaches: JSON.stringify(input.approaches),
			integration_understanding: input.integrationUnderstanding,
			phase: input.phase,
			resources: input.resources,
			updated_at: now
		};
		if (before) {
			await trx.updateTable('district_concept').set(values).where('municipality_id', '=', municipalityId).where('id', '=', conceptId).execute();
		} else {
			await trx
				.insertInto('district_concept')
				.values({ id: conceptId, municipality_id: municipalityId, district_id: districtId, created_at: now, ...values })
				.execute();
		}
		for (const key of startingDecisions) {
			const d = input.decisions[key];
			const old = before?.decisions.find((x) => x.decision === key);
			if (old?.updatedAt) {
				if (old.state === d.state && old.note === d.note) continue;
				await trx
					.updateTable('starting_decision')
					.set({ state: d.state, note: d.note, updated_at: now })
					.where('municipality_id', '=', municipalityId)
					.where('district_concept_id', '=', conceptId)
					.where('decision', '=', key)
					.execute();
			} else {
				await trx
					.insertInto('starting_decision')
					.values({ id: newId(), municipality_id: municipalityId, district_concept_id: conceptId, decision: key, state: d.state, note: d.note, updated_at: now })
					.execute();
			}
		}
		const after = await findDistrictConcept(trx, municipalityId, districtId);
		return {
			result: after!,
			audit: { action: before ? 'update' : 'create', entity: 'district_concept', entityId: conceptId, before: before ?? null, after }
		};
	});
}
