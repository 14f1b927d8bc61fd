import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { updateActorInput } from './actor-input';
import { findActor, findActorByName, type Actor } from './actors.repository';
import { canEditActor } from './policies';

export { updateActorInput };

export async function updateActor(opts: { ctx: CommandContext; actorId: string; input: unknown }): Promise<Actor> {
	const { ctx, actorId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditActor(ctx.principal, actorId));
	const input = parseInput(updateActorInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			const before = await findActor(trx, municipalityId, actorId);
			if (!before) throw new NotFoundError('actor');
			const after: Actor = { ...before, name: input.name ?? before.name, kind: input.kind ?? before.kind, level: input.level ?? before.level };
			if (after.name !== before.name) {
				const clash = await findActorByName(trx, municipalityId, after.name);
				if (clash && clash.id !== actorId) throw new ConflictError('error.duplicateName', 'name');
			}
			await trx
				.updateTable('actor')
				.set({ name: after.name, kind: after.kind, level: after.level, updated_at: nowIso() })
				.where('municipality_id', '=', municipalityId)
				.where('id', '=', actorId)
				.execute();
			return { result: after, audit: { action: 'update', entity: 'actor', entityId: actorId, before, after } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateName', 'name');
		throw e;
	}
}
