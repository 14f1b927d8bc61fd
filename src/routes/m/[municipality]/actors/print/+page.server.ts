import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { listCooperations } from '$lib/server/actors/actors.repository';
import { loadInventory } from '$lib/server/actors/views';
import { districtScope, inDistrictView, isoDate } from '$lib/domain/actors';
import { readFilter } from '$lib/domain/filter-params';

/**
 * The written overview of the inventory (handbook: "schriftlichen Überblick erstellen – schafft Transparenz"):
 * every actor with its profile under each field of action it works in, with its activities in that field.
 * Contact persons are left out: the overview is meant to be passed on. With ?district=… it is the overview of one
 * district's view.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [{ actors: all, activities, fields, districts }, cooperations] = await Promise.all([
		loadInventory(ctx.db.kysely, ctx.municipalityId),
		listCooperations(ctx.db.kysely, ctx.municipalityId)
	]);
	const districtName = new Map(districts.map((d) => [d.id, d.name]));
	// A district's overview (?district=…, linked from the district page): its district-level and all city-wide actors.
	const { districtId } = readFilter(url.searchParams, { districtId: { kind: 'choice', allowed: districts.map((d) => d.id), param: 'district' } });
	const scope = districtId ? districtScope(districtId, districts) : null;
	const actors = scope ? all.filter((a) => inDistrictView(a, scope)) : all;
	const names = new Map(actors.map((a) => [a.id, a.name]));
	const partners = new Map<string, string[]>();
	for (const c of cooperations) {
		(partners.get(c.actorAId) ?? partners.set(c.actorAId, []).get(c.actorAId)!).push(names.get(c.actorBId) ?? '');
		(partners.get(c.actorBId) ?? partners.set(c.actorBId, []).get(c.actorBId)!).push(names.get(c.actorAId) ?? '');
	}
	const entry = (a: (typeof actors)[number], fieldId: string | null) => ({
		...a,
		districts: a.districtIds.map((id) => districtName.get(id) ?? ''),
		partners: (partners.get(a.id) ?? []).sort((x, y) => x.localeCompare(y, 'de')),
		activities: activities.filter((x) => x.actorId === a.id && (fieldId === null || x.actionFieldId === fieldId))
	});
	const inField = (a: (typeof actors)[number], fieldId: string) => a.actionFieldIds.includes(fieldId) || activities.some((x) => x.actorId === a.id && x.actionFieldId === fieldId);
	const groups = fields
		.map((f) => ({ id: f.id, name: f.name, actors: actors.filter((a) => inField(a, f.id)).map((a) => entry(a, f.id)) }))
		.filter((g) => g.actors.length > 0);
	const withoutField = actors.filter((a) => !fields.some((f) => inField(a, f.id))).map((a) => entry(a, null));
	return { groups, withoutField, total: actors.length, district: districtId ? (districtName.get(districtId) ?? null) : null, date: isoDate(new Date()) };
};
