import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findNews, type NewsItem } from './portal.repository';
import { newsInput } from './portal-input';
import { assertDistrict } from './news-writes';
import { canManageNews } from './policies';

/** Adds a news item for the whole municipality or one district (published or kept as a draft). */
export async function createNews(opts: { ctx: CommandContext; input: unknown }): Promise<NewsItem> {
	const { ctx } = opts;
	const input = parseInput(newsInput, opts.input);
	assert(canManageNews(ctx.principal, input.districtId));
	const m = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		await assertDistrict(trx, m, input.districtId);
		const id = newId();
		const now = nowIso();
		await trx
			.insertInto('portal_news')
			.values({ id, municipality_id: m, district_id: input.districtId, title: input.title, body: input.body, published_on: input.publishedOn, published: bool(input.published), created_at: now, updated_at: now })
			.execute();
		const after = (await findNews(trx, m, id))!;
		return { result: after, audit: { action: 'create', entity: 'portal_news', entityId: id, after } };
	});
}
