import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { findFeedback } from './portal.repository';
import { canReadFeedback } from './policies';

/** Marks a feedback message as handled (or open again). The audit entry records only the state. */
export async function setFeedbackHandled(opts: { ctx: CommandContext; feedbackId: string; handled: boolean }): Promise<void> {
	const { ctx, feedbackId, handled } = opts;
	const m = ctx.principal.municipalityId;
	assert(canReadFeedback(ctx.principal));
	await inTransaction(ctx, async (trx) => {
		const before = await findFeedback(trx, m, feedbackId);
		if (!before) throw new NotFoundError('portal_feedback');
		const handledAt = handled ? (before.handledAt ?? nowIso()) : null;
		await trx.updateTable('portal_feedback').set({ handled_at: handledAt }).where('municipality_id', '=', m).where('id', '=', feedbackId).execute();
		return { result: undefined, audit: { action: 'update', entity: 'portal_feedback', entityId: feedbackId, before: { handledAt: before.handledAt }, after: { handledAt } } };
	});
}
