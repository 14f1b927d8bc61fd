import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { mergeNeedInput, parseListed } from './need-input';
import { findNeedRow, linkIds } from './needs.repository';
import { decidesSomeNeeds } from './policies';
import { loadForStateChange, replaceLinks, setState } from './state-change';

export { mergeNeedInput };

/**
 * Merges a duplicate need into another need of the same district. The merged need stays visible ("merged
 * into …"); its goal and measure links move to the target, and needs merged into it earlier now point at the
 * target, so there are no chains. A target that was not taken up yet but gains links becomes taken up.
 * A pending public submission can be merged (that is its review: it becomes accepted); the target must be a
 * reviewed need.
 */
export async function mergeNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(mergeNeedInput, opts.input, []);
	await inTransaction(ctx, async (trx) => {
		const { need, links, before } = await loadForStateChange(trx, ctx.principal, needId, 'merged');
		const target = await findNeedRow(trx, municipalityId, input.intoNeedId);
		if (!target) throw new ValidationError({ intoNeedId: ['error.unknownReference'] });
		if (target.id === need.id) throw new ValidationError({ intoNeedId: ['error.needMergeSelf'] });
		if (target.district_id !== need.district_id) throw new ValidationError({ intoNeedId: ['error.needOtherDistrict'] });
		if (target.state === 'merged') throw new ValidationError({ intoNeedId: ['error.needMergeIntoMerged'] });
		if (target.review_state !== 'accepted') throw new ValidationError({ intoNeedId: ['error.needMergeIntoUnreviewed'] });

		const targetLinks = await linkIds(trx, municipalityId, target.id);
		const goalIds = [...new Set([...targetLinks.goalIds, ...links.goalIds])].sort();
		const measureIds = [...new Set([...targetLinks.measureIds, ...links.measureIds])].sort();
		const gained = goalIds.length + measureIds.length > targetLinks.goalIds.length + targetLinks.measureIds.length;
		await replaceLinks(trx, municipalityId, target.id, goalIds, measureIds);
		await replaceLinks(trx, municipalityId, need.id, [], []);
		let targetState = target.state;
		if (gained && target.state !== 'taken_up') {
			targetState = 'taken_up';
			await setState(trx, municipalityId, target.id, 'taken_up', target.public_reason || need.public_reason);
		}
		const redirected = await trx
			.updateTable('need')
			.set({ merged_into_id: target.id, updated_at: nowIso() })
			.where('municipality_id', '=', municipalityId)
			.where('merged_into_id', '=', need.id)
			.executeTakeFirst();
		await setState(trx, municipalityId, need.id, 'merged', input.publicReason, target.id);
		// Merging a public submission into an existing need is its review: it appears publicly as "merged into …".
		const reviewed = need.review_state === 'pending';
		if (reviewed) await trx.updateTable('need').set({ review_state: 'accepted', reviewed_at: nowIso() }).where('municipality_id', '=', municipalityId).where('id', '=', need.id).execute();
		return {
			result: undefined,
			audit: {
				action: 'merge',
				entity: 'need',
				entityId: need.id,
				before,
				after: {
					state: 'merged',
					publicReason: input.publicReason,
					mergedIntoId: target.id,
					goalIds: [],
					measureIds: [],
					target: { id: target.id, stateBefore: target.state, state: targetState, goalIds, measureIds },
					redirectedMerges: Number(redirected.numUpdatedRows ?? 0),
					...(reviewed ? { reviewState: 'accepted' } : {})
				}
			}
		};
	});
}
