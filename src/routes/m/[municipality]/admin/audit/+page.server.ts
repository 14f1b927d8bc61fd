import type { PageServerLoad } from './$types';
import { adminContext } from '$lib/server/accounts/route-guards';
import { listAuditEntities, listAuditEntries } from '$lib/server/accounts/accounts.repository';
import { summariseChanges } from '$lib/server/accounts/audit-summary';
import { formatDateTime } from '$lib/server/accounts/format';

const PAGE_SIZE = 50;

/** The municipality's audit trail, newest first; GET filters so it works without JavaScript. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = adminContext(locals, url);
	const entities = await listAuditEntities(ctx.db.kysely, ctx.municipalityId);
	const wanted = url.searchParams.get('entity');
	const entity = wanted && entities.includes(wanted) ? wanted : null;
	const requested = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	let page = Number.isFinite(requested) && requested > 0 ? Math.min(requested, 100_000) : 1;
	let result = await listAuditEntries(ctx.db.kysely, ctx.municipalityId, { entity, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
	if (page > pages) {
		page = pages;
		result = await listAuditEntries(ctx.db.kysely, ctx.municipalityId, { entity, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	}
	return {
		entities,
		entity,
		page,
		pages,
		total: result.total,
		entries: result.rows.map((r) => ({
			id: r.id,
			when: formatDateTime(r.createdAt, locals.locale),
			whenIso: r.createdAt,
			who: r.userName,
			system: r.userId === null,
			action: r.action,
			entity: r.entity,
			entityId: r.entityId,
			summary: summariseChanges(r.changes)
		}))
	};
};
