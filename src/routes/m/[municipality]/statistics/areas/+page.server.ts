import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listAreas } from '$lib/server/indicators/indicators.repository';
import { canManageIndicators } from '$lib/server/indicators/policies';
import { listDistricts } from '$lib/server/districts/districts.repository';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [areas, districts] = await Promise.all([listAreas(ctx.db.kysely, ctx.municipalityId), listDistricts(ctx.db.kysely, ctx.municipalityId)]);
	const names = new Map(areas.map((a) => [a.id, a.name]));
	const imported = url.searchParams.get('created');
	return {
		areas: areas.map((a) => ({ ...a, parentName: a.parentId ? (names.get(a.parentId) ?? null) : null })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, code: d.code, depth: d.depth })),
		canManage: canManageIndicators(ctx.principal),
		imported: imported !== null ? { created: Number(imported) || 0, updated: Number(url.searchParams.get('updated')) || 0 } : null
	};
};
