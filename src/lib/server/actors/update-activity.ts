import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseActivityInput } from './activity-input';
import { activityColumns } from './activity-writes';
import { checkActionFields } from './actor-writes';
import { findActivity, type Activity } from './actors.repository';
import { canEditActor } from './policies';

/** Partial input (API PATCH): the stored activity in input form, overlaid with the given fields. */
function toInput(a: Activity): Record<string, unknown> {
	return {
		actionFieldId: a.actionFieldId,
		title: a.title,
		description: a.description,
		targetGroups: a.targetGroups,
		languages: a.languages,
		address: a.address,
		lat: a.lat,
		lon: a.lon,
		schedule: a.schedule,
		weekdays: a.weekdays,
		startTime: a.startTime,
		endTime: a.endTime,
		costCents: a.costCents,
		source: a.source,
		lastConfirmedOn: a.lastConfirmedOn
	};
}

/** Changes an activity; absent fields stay unchanged. The actor of an activity does not change. */
export async function updateActivity(opts: { ctx: CommandContext; activityId: string; input: unknown }): Promise<Activity> {
	const { ctx, activityId } = opts;
	const m = ctx.principal.municipalityId;
	const current = await findActivity(ctx.db.kysely, m, activityId);
	if (!current) throw new NotFoundError('activity');
	assert(canEditActor(ctx.principal, current.actorId));
	const raw = opts.input && typeof opts.input === 'object' && !Array.isArray(opts.input) ? (opts.input as Record<string, unknown>) : {};
	const merged: Record<string, unknown> = { ...toInput(current), ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) };
	if ('cost' in raw && !('costCents' in raw)) delete merged.costCents;
	const data = parseActivityInput(merged);
	return inTransaction(ctx, async (trx) => {
		const before = await findActivity(trx, m, activityId);
		if (!before) throw new NotFoundError('activity');
		await checkActionFields(trx, m, [data.actionFieldId], 'actionFieldId');
		await trx
			.updateTable('activity')
			.set({ ...activityColumns(data), updated_at: nowIso() })
			.where('municipality_id', '=', m)
			.where('id', '=', activityId)
			.execute();
		const after = (await findActivity(trx, m, activityId))!;
		return { result: after, audit: { action: 'update', entity: 'activity', entityId: activityId, before, after } };
	});
}
