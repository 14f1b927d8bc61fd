import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseCreateActivityInput } from './activity-input';
import { activityColumns } from './activity-writes';
import { checkActionFields } from './actor-writes';
import { findActivity, findActor, type Activity } from './actors.repository';
import { canEditActor } from './policies';

/** Records an ongoing offer of an actor; partners and departments may do so for their own actor only. */
export async function createActivity(opts: { ctx: CommandContext; input: unknown }): Promise<Activity> {
	const { ctx } = opts;
	const m = ctx.principal.municipalityId;
	const input = parseCreateActivityInput(opts.input);
	assert(canEditActor(ctx.principal, input.actorId));
	return inTransaction(ctx, async (trx) => {
		if (!(await findActor(trx, m, input.actorId))) throw new ValidationError({ actorId: ['error.unknownReference'] });
		await checkActionFields(trx, m, [input.actionFieldId], 'actionFieldId');
		const id = newId();
		const now = nowIso();
		const { actorId, ...data } = input;
		await trx
			.insertInto('activity')
			.values({ id, municipality_id: m, actor_id: actorId, ...activityColumns(data), created_at: now, updated_at: now })
			.execute();
		const created = (await findActivity(trx, m, id))!;
		return { result: created, audit: { action: 'create', entity: 'activity', entityId: id, after: created } };
	});
}
