import { z } from 'zod';
import { recordAudit } from '../core/audit';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { flag, parseInput } from '../core/validate';
import { userPrincipal, type UserContext } from './context';

export const setUserDisabledInput = z.object({ userId: z.uuid(), disabled: flag });

/**
 * Superadmin: disables (or re-enables) an account installation-wide. A disabled account cannot log in, its
 * sessions end at once and its API tokens stop resolving. Superadmins cannot disable themselves, and a
 * municipality never loses its last enabled admin this way.
 */
export async function setUserDisabled(opts: { ctx: UserContext; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(ctx.isSuperadmin);
	const input = parseInput(setUserDisabledInput, opts.input);
	if (input.disabled && input.userId === ctx.userId) throw new ConflictError('error.cannotDisableSelf');
	await ctx.db.kysely.transaction().execute(async (trx) => {
		const user = await trx.selectFrom('app_user').select(['id', 'disabled']).where('id', '=', input.userId).executeTakeFirst();
		if (!user) throw new NotFoundError('user');
		await trx.updateTable('app_user').set({ disabled: input.disabled ? 1 : 0 }).where('id', '=', user.id).execute();
		if (input.disabled) {
			await trx.deleteFrom('session').where('user_id', '=', user.id).execute();
			const orphaned = await trx
				.selectFrom('membership')
				.select('municipality_id')
				.where('user_id', '=', user.id)
				.where('role', '=', 'admin')
				.where((eb) =>
					eb.not(
						eb.exists(
							eb
								.selectFrom('membership as other')
								.innerJoin('app_user as u', 'u.id', 'other.user_id')
								.select('other.id')
								.whereRef('other.municipality_id', '=', 'membership.municipality_id')
								.where('other.role', '=', 'admin')
								.where('u.disabled', '=', 0)
						)
					)
				)
				.executeTakeFirst();
			if (orphaned) throw new ConflictError('error.lastAdmin');
		}
		await recordAudit(trx, userPrincipal(ctx.userId, true), null, { action: input.disabled ? 'disable' : 'enable', entity: 'user', entityId: user.id, before: { disabled: user.disabled === 1 }, after: { disabled: input.disabled } }, ctx.requestId);
	});
}
