import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { auditView, checkNeedReferences, needColumns } from './create-need';
import { parseNeedInput, updateNeedInput } from './need-input';
import { findNeed } from './needs.repository';
import { canEditRecord, recordsSomeNeeds } from './policies';

export { updateNeedInput };

/** Corrects what was recorded about a need (not its state: that has its own commands). The district stays. */
export async function updateNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(recordsSomeNeeds(ctx.principal));
	const input = parseNeedInput(updateNeedInput, opts.input);
	await inTransaction(ctx, async (trx) => {
		const before = await findNeed(trx, municipalityId, needId);
		if (!before) throw new NotFoundError('need');
		assert(canEditRecord(ctx.principal, before));
		// A public submission is edited by accepting it (title and field); a rejected one keeps no text to edit.
		if (before.reviewState !== 'accepted') throw new ConflictError(before.reviewState === 'rejected' ? 'error.needRejected' : 'error.needPendingReview', '_form');
		const channel = await checkNeedReferences(trx, municipalityId, before.districtId, input, before.actionFieldId);
		await trx
			.updateTable('need')
			.set({
				...needColumns(input, channel),
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', needId)
			.execute();
		await trx.deleteFrom('need_actor').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute();
		if (input.raisedByActorId) await trx.insertInto('need_actor').values({ municipality_id: municipalityId, need_id: needId, actor_id: input.raisedByActorId }).execute();
		const old = {
			actionFieldId: before.actionFieldId,
			title: before.title,
			statement: before.statement,
			channel: before.channel,
			engagementId: before.engagementId,
			targetGroups: before.targetGroups,
			language: before.language,
			placeLabel: before.placeLabel,
			placeLat: before.placeLat,
			placeLon: before.placeLon,
			raisedBy: before.raisedBy,
			raisedByActorId: before.raisedByActorId,
			raisedByText: before.raisedByText,
			consentRecorded: before.consentRecorded,
			internalNote: before.internalNote
		};
		return { result: undefined, audit: { action: 'update', entity: 'need', entityId: needId, before: auditView(old), after: { ...auditView(input), channel } } };
	});
}
