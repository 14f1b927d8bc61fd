import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findFeedback } from './portal.repository';
import { canReadFeedback } from './policies';

/** Deletes a feedback message with its personal data; the audit entry keeps only topic and dates. */
export async function deleteFeedback(opts: { ctx: CommandContext; feedbackId: string }): Promise<void> {
	const { ctx, feedbackId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canReadFeedback(ctx.principal));
	await inTransaction(ctx, async (trx) => {
		const before = await findFeedback(trx, m, feedbackId);
		if (!before) throw new NotFoundError('portal_feedback');
		await trx.deleteFrom('portal_feedback').where('municipality_id', '=', m).where('id', '=', feedbackId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'portal_feedback', entityId: feedbackId, before: { topic: before.topic, receivedAt: before.receivedAt, handledAt: before.handledAt } } };
	});
}
