import type { PageServerLoad } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translator } from '$lib/i18n';
import { districtOutlines, listActivities } from '$lib/server/actors/actors.repository';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { canEditActor, canReviewRetention } from '$lib/server/actors/policies';
import { activityMapSvg } from '$lib/server/actors/activity-map';
import { foldText, languageCodes, languageName, targetGroups } from '$lib/domain/actors';

const oneOf = (list: readonly string[], v: string | null) => (v && list.includes(v) ? v : '');

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = tenantContext(locals, url);
	const [all, fields, outlines] = await Promise.all([
		listActivities(ctx.db.kysely, ctx.municipalityId),
		listActionFields(ctx.db.kysely, ctx.municipalityId),
		districtOutlines(ctx.db.kysely, ctx.municipalityId)
	]);
	const t = translator(locals.locale);
	const p = url.searchParams;
	const filter = {
		q: (p.get('q') ?? '').trim().slice(0, 200),
		fieldId: oneOf(fields.map((f) => f.id), p.get('field')),
		language: oneOf(languageCodes, p.get('language')),
		target: oneOf(targetGroups, p.get('target')),
		stale: p.get('stale') === 'on'
	};
	const words = foldText(filter.q).split(/\s+/).filter(Boolean).slice(0, 10);
	const activities = all.filter((a) => {
		if (filter.fieldId && a.actionFieldId !== filter.fieldId) return false;
		if (filter.language && !a.languages.includes(filter.language)) return false;
		if (filter.target && !a.targetGroups.includes(filter.target)) return false;
		if (filter.stale && !a.stale) return false;
		if (!words.length) return true;
		const hay = foldText(
			[a.title, a.description, a.actorName, a.address, a.schedule, ...a.languages.map((l) => languageName(l, locals.locale)), ...a.targetGroups.map((g) => t(`activity.target.${g}`))].join('\n')
		);
		return words.every((w) => hay.includes(w));
	});
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
		filtered: Boolean(filter.q || filter.fieldId || filter.language || filter.target || filter.stale),
		fields: fields.map((f) => ({ id: f.id, name: f.name })),
		languages: [...languageCodes],
		targets: [...targetGroups],
		showRetention: canReviewRetention(ctx.principal)
	};
};
