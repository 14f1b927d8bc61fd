import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { actorKinds, actorLevels } from '$lib/server/actors/actors.repository';
import { canCreateActor, canEditActor, canReviewRetention } from '$lib/server/actors/policies';
import { filterFromUrl, loadInventory } from '$lib/server/actors/views';
import { filterActors, languageCodes, languageName } from '$lib/domain/actors';
import { isFiltered, noticeFrom } from '$lib/domain/filter-params';

const notices = ['deleted', 'merged'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const { actors: all, activities, fields, districts } = await loadInventory(ctx.db.kysely, ctx.municipalityId);
	const filter = filterFromUrl(url, fields.map((f) => f.id), districts);
	const districtName = new Map(districts.map((d) => [d.id, d.name]));
	const t = translator(locals.locale);
	const actors = filterActors(all, activities, filter, { language: (c) => languageName(c, locals.locale), targetGroup: (g) => t(`activity.target.${g}`) });
	const fieldName = new Map(fields.map((f) => [f.id, f.name]));
	const activityCount = new Map<string, { n: number; stale: number }>();
	for (const a of activities) {
		const c = activityCount.get(a.actorId) ?? { n: 0, stale: 0 };
		c.n++;
		if (a.stale) c.stale++;
		activityCount.set(a.actorId, c);
	}
	return {
		actors: actors.map((a) => ({
			id: a.id,
			name: a.name,
			kind: a.kind,
			level: a.level,
			function: a.function,
			keyPerson: a.keyPerson,
			languages: a.languages,
			fields: a.actionFieldIds.map((id) => fieldName.get(id) ?? ''),
			districts: a.districtIds.map((id) => districtName.get(id) ?? ''),
			activities: activityCount.get(a.id) ?? { n: 0, stale: 0 },
			canEdit: canEditActor(ctx.principal, a.id)
		})),
		total: all.length,
		filter,
		filtered: isFiltered(filter),
		kinds: [...actorKinds],
		levels: [...actorLevels],
		fields: fields.map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		languages: [...languageCodes],
		canCreate: canCreateActor(ctx.principal),
		showRetention: canReviewRetention(ctx.principal),
		notice: noticeFrom(url.searchParams, notices)
	};
};
