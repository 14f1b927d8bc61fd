import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, trimmed } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { orderedPair } from '../../domain/actors';
import { findActor, findCooperationByPair, type Cooperation } from './actors.repository';
import { canEditActor } from './policies';

export const addCooperationInput = z.object({
	partnerId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid()),
	description: trimmed(2000).default('')
});

/** Records that two actors cooperate (undirected; a pair is recorded once). */
export async function addCooperation(opts: { ctx: CommandContext; actorId: string; input: unknown }): Promise<Cooperation> {
	const { ctx, actorId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canEditActor(ctx.principal, actorId));
	const input = parseInput(addCooperationInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			if (!(await findActor(trx, m, actorId))) throw new NotFoundError('actor');
			if (input.partnerId === actorId) throw new ValidationError({ partnerId: ['error.sameActor'] });
			if (!(await findActor(trx, m, input.partnerId))) throw new ValidationError({ partnerId: ['error.unknownReference'] });
			const [a, b] = orderedPair(actorId, input.partnerId);
			if (await findCooperationByPair(trx, m, a, b)) throw new ConflictError('error.duplicateCooperation', 'partnerId');
			const now = nowIso();
			const c: Cooperation = { id: newId(), actorAId: a, actorBId: b, description: input.description };
			await trx
				.insertInto('actor_cooperation')
				.values({ id: c.id, municipality_id: m, actor_a_id: a, actor_b_id: b, description: c.description, created_at: now, updated_at: now })
				.execute();
			return { result: c, audit: { action: 'create', entity: 'actor_cooperation', entityId: c.id, after: c } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateCooperation', 'partnerId');
		throw e;
	}
}
