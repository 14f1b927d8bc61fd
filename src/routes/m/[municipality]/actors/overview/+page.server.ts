import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { actorKinds, actorLevels } from '$lib/server/actors/actors.repository';
import { loadInventory } from '$lib/server/actors/views';
import { canReviewRetention } from '$lib/server/actors/policies';
import { districtScope, inDistrictView } from '$lib/domain/actors';
import { readFilter } from '$lib/domain/filter-params';

/**
 * The handbook's actor overview: who acts in which field of action, on the district or the city-wide level
 * (an actor counts in a field through its profile or one of its activities); beside it the same by kind.
 * A district's view (?district=…) shows the district-level actors working there (or in its sub-districts) and
 * all city-wide actors.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const { actors: all, activities, fields, districts } = await loadInventory(ctx.db.kysely, ctx.municipalityId);
	const filter = readFilter(url.searchParams, { districtId: { kind: 'choice', allowed: districts.map((d) => d.id), param: 'district' } });
	const scope = filter.districtId ? districtScope(filter.districtId, districts) : null;
	const actors = scope ? all.filter((a) => inDistrictView(a, scope)) : all;
	const fieldsOf = new Map(actors.map((a) => [a.id, new Set(a.actionFieldIds)]));
	for (const x of activities) fieldsOf.get(x.actorId)?.add(x.actionFieldId);
	const cell = (pred: (a: (typeof actors)[number]) => boolean) => actors.filter(pred).map((a) => ({ id: a.id, name: a.name, keyPerson: a.keyPerson }));
	const byField = fields
		.filter((f) => f.active || actors.some((a) => fieldsOf.get(a.id)!.has(f.id)))
		.map((f) => ({ id: f.id, name: f.name, cells: actorLevels.map((l) => cell((a) => a.level === l && fieldsOf.get(a.id)!.has(f.id))) }));
	const withoutField = actorLevels.map((l) => cell((a) => a.level === l && fieldsOf.get(a.id)!.size === 0));
	const byKind = actorKinds.map((k) => ({ kind: k, cells: actorLevels.map((l) => cell((a) => a.kind === k && a.level === l)) })).filter((r) => r.cells.some((c) => c.length));
	return {
		levels: [...actorLevels],
		byField,
		withoutField,
		byKind,
		total: all.length,
		shown: actors.length,
		filter,
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		showRetention: canReviewRetention(ctx.principal)
	};
};
