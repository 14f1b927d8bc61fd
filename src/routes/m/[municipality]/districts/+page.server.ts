import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listDistricts } from '$lib/server/districts/districts.repository';
import { canManageDistricts } from '$lib/server/districts/policies';

const notices = ['created', 'deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const notice = url.searchParams.get('notice');
	return {
		districts: await listDistricts(ctx.db.kysely, ctx.municipalityId),
		canCreate: canManageDistricts(ctx.principal),
		notice: (notices as readonly string[]).includes(notice ?? '') ? notice : null
	};
};
