import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isUniqueViolation } from '../districts/db-errors';
import { checkLevelDistricts, updateActorInput } from './actor-input';
import { checkActionFields, checkDistricts, profileColumns, replaceActorDistricts, replaceActorFields } from './actor-writes';
import { findActorByName, findActorProfile, type ActorProfile } from './actors.repository';
import { canEditActor } from './policies';

export { updateActorInput };

/** Changes an actor's profile; absent fields stay unchanged (an actor turned city-wide loses its districts). */
export async function updateActor(opts: { ctx: CommandContext; actorId: string; input: unknown }): Promise<ActorProfile> {
	const { ctx, actorId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(canEditActor(ctx.principal, actorId));
	const input = parseInput(updateActorInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			const before = await findActorProfile(trx, municipalityId, actorId);
			if (!before) throw new NotFoundError('actor');
			const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ActorProfile>;
			const after: ActorProfile = { ...before, ...defined, id: before.id };
			if (input.actionFieldIds) {
				await checkActionFields(trx, municipalityId, input.actionFieldIds);
				after.actionFieldIds = [...new Set(input.actionFieldIds)];
			}
			// Level and districts are checked together whenever either is given (forms always send both); a
			// change to city-wide without districts clears them.
			const touchesDistricts = input.level !== undefined || input.districtIds !== undefined;
			if (touchesDistricts) {
				after.districtIds = input.districtIds ? [...new Set(input.districtIds)] : after.level === 'city' ? [] : before.districtIds;
				checkLevelDistricts(after.level, after.districtIds);
				await checkDistricts(trx, municipalityId, after.districtIds);
			}
			if (after.name !== before.name) {
				const clash = await findActorByName(trx, municipalityId, after.name);
				if (clash && clash.id !== actorId) throw new ConflictError('error.duplicateName', 'name');
			}
			await trx
				.updateTable('actor')
				.set({ ...profileColumns(after), updated_at: nowIso() })
				.where('municipality_id', '=', municipalityId)
				.where('id', '=', actorId)
				.execute();
			if (input.actionFieldIds) await replaceActorFields(trx, municipalityId, actorId, after.actionFieldIds);
			if (touchesDistricts) await replaceActorDistricts(trx, municipalityId, actorId, after.districtIds);
			return { result: after, audit: { action: 'update', entity: 'actor', entityId: actorId, before, after } };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error.duplicateName', 'name');
		throw e;
	}
}
