import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { gapAnalysis, gapTargetGroups } from '$lib/server/gaps/gap-analysis';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const analysis = await gapAnalysis(ctx.db.kysely, ctx.municipalityId, url.searchParams);
	if (!analysis) error(404, 'Not Found');
	const query = new URLSearchParams();
	for (const k of ['district', 'group', 'language']) {
		const v = url.searchParams.get(k);
		if (v) query.set(k, v);
	}
	return { ...analysis, groups: gapTargetGroups, query: query.toString() };
};
