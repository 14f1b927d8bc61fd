import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { isoDate } from '../../domain/actors';
import { findActivity, type Activity } from './actors.repository';
import { canEditActor } from './policies';

/** Confirms today that an activity still runs as recorded (clears the "stale" marker). */
export async function confirmActivity(opts: { ctx: CommandContext; activityId: string; today?: string }): Promise<Activity> {
	const { ctx, activityId } = opts;
	const m = ctx.principal.municipalityId;
	const current = await findActivity(ctx.db.kysely, m, activityId);
	if (!current) throw new NotFoundError('activity');
	assert(canEditActor(ctx.principal, current.actorId));
	const today = opts.today ?? isoDate(new Date());
	return inTransaction(ctx, async (trx) => {
		await trx.updateTable('activity').set({ last_confirmed_on: today, updated_at: nowIso() }).where('municipality_id', '=', m).where('id', '=', activityId).execute();
		const after = (await findActivity(trx, m, activityId, today))!;
		if (!after) throw new NotFoundError('activity');
		return { result: after, audit: { action: 'confirm', entity: 'activity', entityId: activityId, before: { lastConfirmedOn: current.lastConfirmedOn }, after: { lastConfirmedOn: today } } };
	});
}
