import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listIndicators } from '$lib/server/indicators/indicators.repository';
import { canManageIndicators } from '$lib/server/indicators/policies';

const notices = ['created', 'deleted'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const notice = url.searchParams.get('notice');
	return {
		indicators: await listIndicators(ctx.db.kysely, ctx.municipalityId),
		canManage: canManageIndicators(ctx.principal),
		notice: (notices as readonly string[]).includes(notice ?? '') ? notice : null
	};
};
