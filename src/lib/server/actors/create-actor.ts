import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { checkLevelDistricts, createActorInput } from './actor-input';
import { checkActionFields, checkDistricts, profileColumns, replaceActorDistricts, replaceActorFields } from './actor-writes';
import { findActorByName, type ActorProfile } from './actors.repository';
import { canCreateActor } from './policies';

export { createActorInput };

/**
 * Records an actor (department, provider, migrant organisation, school…); names are unique per municipality.
 * A district-level actor names the districts it works in (of this municipality), a city-wide actor none.
 */
export async function createActor(opts: { ctx: CommandContext; input: unknown }): Promise<ActorProfile> {
	const { ctx } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canCreateActor(ctx.principal));
	const input = parseInput(createActorInput, opts.input);
	checkLevelDistricts(input.level, input.districtIds);
	try {
		return await inTransaction(ctx, async (trx) => {
			if (await findActorByName(trx, municipalityId, input.name)) throw new ConflictError('error.duplicateName', 'name');
			await checkActionFields(trx, municipalityId, input.actionFieldIds);
			await checkDistricts(trx, municipalityId, input.districtIds);
			const now = nowIso();
			const actor: ActorProfile = { id: newId(), ...input, actionFieldIds: [...new Set(input.actionFieldIds)], districtIds: [...new Set(input.districtIds)] };
			await trx
				.insertInto('actor')
				.values({ id: actor.id, municipality_id: municipalityId, ...profileColumns(actor), created_at: now, updated_at: now })
				.execute();
			await replaceActorFields(trx, municipalityId, actor.id, actor.actionFieldIds);
			await replaceActorDistricts(trx, municipalityId, actor.id, actor.districtIds);
			return { result: actor, audit: { action: 'create', entity: 'actor', entityId: actor.id, after: actor } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateName', 'name');
		throw e;
	}
}
