import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { checkActionField, ReferenceErrors } from '../plans/references';
import { acceptNeedInput, parseListed } from './need-input';
import { findNeedRow } from './needs.repository';
import { canDecideNeeds, decidesSomeNeeds } from './policies';

export { acceptNeedInput };

/**
 * Accepts a need a resident raised through the public online form: staff write its public summary (title) and
 * pick its field of action; it becomes an open need like any other and appears on the district's public page.
 * Only a pending submission can be accepted (409 otherwise). Plan owners of the district decide.
 */
export async function acceptNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(acceptNeedInput, opts.input, []);
	await inTransaction(ctx, async (trx) => {
		const need = await findNeedRow(trx, municipalityId, needId);
		if (!need) throw new NotFoundError('need');
		assert(canDecideNeeds(ctx.principal, need.district_id));
		if (need.review_state !== 'pending') throw new ConflictError('error.needNotPending', '_form');
		const errs = new ReferenceErrors();
		// The resident's own choice stays allowed even if the field was switched off meanwhile.
		await checkActionField(trx, municipalityId, input.actionFieldId, errs, need.field_given === 1 ? need.action_field_id : undefined);
		errs.throwIfAny();
		const now = nowIso();
		await trx
			.updateTable('need')
			.set({ title: input.title, action_field_id: input.actionFieldId, field_given: 1, review_state: 'accepted', reviewed_at: now, updated_at: now })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', needId)
			.execute();
		return {
			result: undefined,
			audit: {
				action: 'accept',
				entity: 'need',
				entityId: needId,
				before: { reviewState: 'pending', actionFieldId: need.action_field_id, fieldGiven: need.field_given === 1 },
				after: { reviewState: 'accepted', state: need.state, title: input.title, actionFieldId: input.actionFieldId }
			}
		};
	});
}
