import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listCityConcepts } from '$lib/server/concepts/concepts.repository';
import { canEditCityConcepts } from '$lib/server/concepts/policies';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const concepts = await listCityConcepts(ctx.db.kysely, ctx.municipalityId);
	return {
		concepts: concepts.map((c) => ({ id: c.id, title: c.title, kind: c.kind, year: c.year, goals: c.goals.length })),
		canCreate: canEditCityConcepts(ctx.principal),
		deleted: url.searchParams.get('notice') === 'deleted'
	};
};
