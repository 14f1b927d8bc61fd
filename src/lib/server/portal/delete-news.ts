import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { findNews } from './portal.repository';
import { canManageNews } from './policies';

/** Deletes a news item; the audit entry keeps what it said. */
export async function deleteNews(opts: { ctx: CommandContext; newsId: string }): Promise<void> {
	const { ctx, newsId } = opts;
	const m = ctx.principal.municipalityId;
	const current = await findNews(ctx.db.kysely, m, newsId);
	if (!current) throw new NotFoundError('portal_news');
	assert(canManageNews(ctx.principal, current.districtId));
	await inTransaction(ctx, async (trx) => {
		const before = await findNews(trx, m, newsId);
		if (!before) throw new NotFoundError('portal_news');
		await trx.deleteFrom('portal_news').where('municipality_id', '=', m).where('id', '=', newsId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'portal_news', entityId: newsId, before } };
	});
}
