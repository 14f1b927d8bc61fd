import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listEngagements } from '$lib/server/needs/engagements.repository';
import { engagementFormOptions, pick } from '$lib/server/needs/form-options';
import { recordsSomeNeeds } from '$lib/server/needs/policies';

const notices = ['deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const options = await engagementFormOptions(ctx.db.kysely, ctx.municipalityId);
	const filter = {
		districtId: pick(url.searchParams.get('district'), options.districts.map((d) => d.id)),
		kind: pick(url.searchParams.get('kind'), options.kinds)
	};
	const engagements = await listEngagements(ctx.db.kysely, ctx.municipalityId, filter);
	const filtered = Boolean(filter.districtId || filter.kind);
	return {
		engagements,
		anyRecords: filtered || engagements.length > 0,
		filter,
		filtered,
		districts: options.districts,
		kinds: options.kinds,
		canCreate: recordsSomeNeeds(ctx.principal),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};
