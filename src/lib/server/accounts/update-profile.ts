import { z } from 'zod';
import { recordAudit } from '../core/audit';
import { NotFoundError } from '../core/errors';
import { parseInput, requiredText } from '../core/validate';
import { userPrincipal, type UserContext } from './context';

export const updateProfileInput = z.object({ name: requiredText(200) });

/** Changes the logged-in user's own display name. */
export async function updateProfile(opts: { ctx: UserContext; input: unknown }): Promise<{ name: string }> {
	const { ctx } = opts;
	const input = parseInput(updateProfileInput, opts.input);
	return ctx.db.kysely.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('app_user').select('name').where('id', '=', ctx.userId).executeTakeFirst();
		if (!before) throw new NotFoundError('user');
		await trx.updateTable('app_user').set({ name: input.name }).where('id', '=', ctx.userId).execute();
		await recordAudit(trx, userPrincipal(ctx.userId, ctx.isSuperadmin), null, { action: 'update', entity: 'user', entityId: ctx.userId, before: { name: before.name }, after: { name: input.name } }, ctx.requestId);
		return { name: input.name };
	});
}
