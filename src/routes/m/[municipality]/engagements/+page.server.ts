import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listEngagements } from '$lib/server/needs/engagements.repository';
import { engagementFormOptions } from '$lib/server/needs/form-options';
import { isFiltered, noticeFrom, readFilter } from '$lib/domain/filter-params';
import { recordsSomeNeeds } from '$lib/server/needs/policies';

const notices = ['deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const options = await engagementFormOptions(ctx.db.kysely, ctx.municipalityId);
	const filter = readFilter(url.searchParams, {
		districtId: { kind: 'choice', allowed: options.districts.map((d) => d.id), param: 'district' },
		kind: { kind: 'choice', allowed: options.kinds }
	});
	const engagements = await listEngagements(ctx.db.kysely, ctx.municipalityId, filter);
	const filtered = isFiltered(filter);
	return {
		engagements,
		anyRecords: filtered || engagements.length > 0,
		filter,
		filtered,
		districts: options.districts,
		kinds: options.kinds,
		canCreate: recordsSomeNeeds(ctx.principal),
		notice: noticeFrom(url.searchParams, notices)
	};
};
