import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findNews, type NewsItem } from './portal.repository';
import { newsInput } from './portal-input';
import { assertDistrict } from './news-writes';
import { canManageNews } from './policies';

/** Changes a news item (text, date, district, published flag). */
export async function updateNews(opts: { ctx: CommandContext; newsId: string; input: unknown }): Promise<NewsItem> {
	const { ctx, newsId } = opts;
	const m = ctx.principal.municipalityId;
	const current = await findNews(ctx.db.kysely, m, newsId);
	if (!current) throw new NotFoundError('portal_news');
	assert(canManageNews(ctx.principal, current.districtId));
	const input = parseInput(newsInput, opts.input);
	assert(canManageNews(ctx.principal, input.districtId));
	return inTransaction(ctx, async (trx) => {
		const before = await findNews(trx, m, newsId);
		if (!before) throw new NotFoundError('portal_news');
		await assertDistrict(trx, m, input.districtId);
		await trx
			.updateTable('portal_news')
			.set({ district_id: input.districtId, title: input.title, body: input.body, published_on: input.publishedOn, published: bool(input.published), updated_at: nowIso() })
			.where('municipality_id', '=', m)
			.where('id', '=', newsId)
			.execute();
		const after = (await findNews(trx, m, newsId))!;
		return { result: after, audit: { action: 'update', entity: 'portal_news', entityId: newsId, before, after } };
	});
}
