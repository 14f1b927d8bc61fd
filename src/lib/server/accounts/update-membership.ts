import { z } from 'zod';
import { inTransaction, type CommandContext } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { ADMIN, assert, hasRole } from '../core/policies';
import { roles } from '../core/roles';
import { idList, optionalId, parseInput } from '../core/validate';
import { assertAdminRemains, checkNarrowing, lockMemberships, membershipSnapshot } from './membership-rules';

export const updateMembershipInput = z.object({
	membershipId: z.uuid(),
	role: z.enum(roles),
	actorId: optionalId,
	districtIds: idList
});

/** Changes one role of a member: the role itself, the actor it acts for, and its district narrowing. */
export async function updateMembership(opts: { ctx: CommandContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(hasRole(ctx.principal, ADMIN));
	const input = parseInput(updateMembershipInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	const districtIds = [...new Set(input.districtIds)].sort();
	await inTransaction(ctx, async (trx) => {
		await lockMemberships(trx, ctx.db.dialect, municipalityId);
		const before = await membershipSnapshot(trx, municipalityId, input.membershipId);
		if (!before) throw new NotFoundError('membership');
		await checkNarrowing(trx, municipalityId, input.role, input.actorId, districtIds);
		if (input.role !== before.role) {
			const clash = await trx
				.selectFrom('membership')
				.select('id')
				.where('municipality_id', '=', municipalityId)
				.where('user_id', '=', before.userId)
				.where('role', '=', input.role)
				.executeTakeFirst();
			if (clash) throw new ConflictError('error.roleAlreadyHeld', 'role');
		}
		await trx
			.updateTable('membership')
			.set({ role: input.role, actor_id: input.actorId })
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', before.id)
			.execute();
		await trx.deleteFrom('membership_district').where('municipality_id', '=', municipalityId).where('membership_id', '=', before.id).execute();
		if (districtIds.length) {
			await trx
				.insertInto('membership_district')
				.values(districtIds.map((d) => ({ membership_id: before.id, municipality_id: municipalityId, district_id: d })))
				.execute();
		}
		if (before.role === 'admin') await assertAdminRemains(trx, municipalityId);
		const after = { ...before, role: input.role, actorId: input.actorId, districtIds };
		return { result: undefined, audit: { action: 'update', entity: 'membership', entityId: before.id, before, after } };
	});
}
