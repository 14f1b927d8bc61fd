/** Canonical working-paper values (domain/workpaper.ts) as people read them on the preview page. */
import type { Locale, Translate } from '$lib/i18n';
import { parseCanonicalMilestones, type ContentColumn } from '$lib/domain/workpaper';
import { formatDate, money } from './format';

export function workpaperValue(t: Translate, locale: Locale, column: ContentColumn, v: string): string {
	if (v === '') return t('workpaper.preview.empty');
	switch (column) {
		case 'startDate':
		case 'endDate':
			return formatDate(v, locale);
		case 'cost':
			return money(Number(v), locale);
		case 'decidableLocally':
		case 'integrated':
		case 'starterProject':
			return v === 'true' ? t('workpaper.yes') : t('workpaper.no');
		case 'status':
			return t(`measure.status.${v}`);
		case 'spatialScope':
			return t(`measure.scope.${v}`);
		case 'milestones':
			return parseCanonicalMilestones(v)
				.map((m) => `${formatDate(m.dueDate, locale)} ${m.title}${m.done ? ` (${t('measure.milestone.done')})` : ''}`)
				.join(' | ');
		case 'siteLat':
		case 'siteLon':
			return locale === 'de' || locale === 'de-x-ls' ? v.replace('.', ',') : v;
		default:
			return v;
	}
}
