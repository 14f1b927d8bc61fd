import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { districtOutlines, listActivities } from '$lib/server/actors/actors.repository';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { canEditActor, canReviewRetention } from '$lib/server/actors/policies';
import { activityMapSvg } from '$lib/server/actors/activity-map';
import { filterActivities, languageCodes, languageName, targetGroups } from '$lib/domain/actors';
import { isFiltered, readFilter } from '$lib/domain/filter-params';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [all, fields, outlines] = await Promise.all([
		listActivities(ctx.db.kysely, ctx.municipalityId),
		listActionFields(ctx.db.kysely, ctx.municipalityId),
		districtOutlines(ctx.db.kysely, ctx.municipalityId)
	]);
	const t = translator(locals.locale);
	const filter = readFilter(url.searchParams, {
		q: { kind: 'search' },
		fieldId: { kind: 'choice', allowed: fields.map((f) => f.id), param: 'field' },
		language: { kind: 'choice', allowed: languageCodes },
		target: { kind: 'choice', allowed: targetGroups },
		stale: { kind: 'check' }
	});
	const activities = filterActivities(all, filter, { language: (c) => languageName(c, locals.locale), targetGroup: (g) => t(`activity.target.${g}`) });
	const placed = activities.filter((a) => a.lat !== null && a.lon !== null);
	const numbers = new Map(placed.map((a, i) => [a.id, i + 1]));
	const map = activityMapSvg({
		points: placed.map((a) => ({ n: numbers.get(a.id)!, lat: a.lat!, lon: a.lon!, label: `${a.title} (${a.actorName})${a.stale ? ` – ${t('activity.stale')}` : ''}`, stale: a.stale })),
		districts: outlines,
		title: t('activity.map.title', { count: placed.length })
	});
	return {
		activities: activities.map((a) => ({ ...a, n: numbers.get(a.id) ?? null, canEdit: canEditActor(ctx.principal, a.actorId) })),
		total: all.length,
		staleTotal: all.filter((a) => a.stale).length,
		map,
		filter,
		filtered: isFiltered(filter),
		fields: fields.map((f) => ({ id: f.id, name: f.name })),
		languages: [...languageCodes],
		targets: [...targetGroups],
		showRetention: canReviewRetention(ctx.principal)
	};
};
