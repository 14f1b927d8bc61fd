import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseListed, rejectNeedInput } from './need-input';
import { findNeedRow } from './needs.repository';
import { canDecideNeeds, decidesSomeNeeds } from './policies';

export { rejectNeedInput };

/**
 * Rejects a public submission as spam or inappropriate. Rule: it never appears publicly, and everything the
 * sender wrote or gave is deleted at once – the text, the provisional title, the place, the target group and a
 * contact address. What remains is a bare record (district, channel, language, dates, the reason) so the review
 * queue can be accounted for and a resent form still finds its key; its state is "not pursued". Only a pending
 * submission can be rejected (409 otherwise); an accepted need is declined with a public reason instead.
 */
export async function rejectNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(rejectNeedInput, opts.input, []);
	await inTransaction(ctx, async (trx) => {
		const need = await findNeedRow(trx, municipalityId, needId);
		if (!need) throw new NotFoundError('need');
		assert(canDecideNeeds(ctx.principal, need.district_id));
		if (need.review_state !== 'pending') throw new ConflictError('error.needNotPending', '_form');
		const now = nowIso();
		await trx
			.updateTable('need')
			.set({
				title: '',
				statement: '',
				target_groups: '[]',
				place_label: '',
				place_lat: null,
				place_lon: null,
				raised_by: 'anonymous',
				raised_by_text: '',
				consent_recorded: 0,
				internal_note: '',
				state: 'not_pursued',
				public_reason: '',
				state_changed_at: now,
				review_state: 'rejected',
				review_reason: input.reason,
				reviewed_at: now,
				updated_at: now
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', needId)
			.execute();
		await trx.deleteFrom('need_actor').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute();
		return {
			result: undefined,
			audit: { action: 'reject', entity: 'need', entityId: needId, before: { reviewState: 'pending', state: need.state }, after: { reviewState: 'rejected', reason: input.reason, state: 'not_pursued', textDeleted: true } }
		};
	});
}
