/** Presentation of plan versions and comparisons (pure; server and client). */
import type { Translate, Locale } from '$lib/i18n';
import type { ValueKind } from '$lib/domain/plans/diff';
import { formatDate, money } from './format';

/** A compared value as German (or English) text: money formatted, dates local, enumerations translated, lists joined. */
export function formatValue(t: Translate, locale: Locale, kind: ValueKind, value: unknown): string {
	const empty = t('planVersion.compare.empty');
	if (value === null || value === undefined || value === '') return empty;
	switch (kind) {
		case 'money':
			return money(value as number, locale);
		case 'date':
			return formatDate(value as string, locale);
		case 'status':
			return t(`measure.status.${value as string}`);
		case 'scope':
			return t(`measure.scope.${value as string}`);
		case 'priority':
			return t(`goal.priority.${value as number}`);
		case 'bool':
			return value ? t('planVersion.compare.yes') : t('planVersion.compare.no');
		case 'interval':
			return t(`planRules.interval.${value as number}`);
		case 'number':
			return (value as number).toLocaleString(locale === 'de' ? 'de-DE' : 'en');
		case 'names':
			return (value as string[]).length ? (value as string[]).join('; ') : empty;
		case 'milestones': {
			const list = value as { title: string; dueDate: string; done?: boolean }[];
			if (!list.length) return empty;
			return list.map((m) => t(m.done ? 'planVersion.compare.milestoneDone' : 'planVersion.compare.milestone', { title: m.title, date: formatDate(m.dueDate, locale) })).join('; ');
		}
		default:
			return String(value);
	}
}

/** The label of a compared field: plan fields, goal fields and measure fields have their own catalogue keys. */
export const fieldLabel = (t: Translate, scope: 'plan' | 'goal' | 'measure', field: string): string => t(`planDiff.${scope}.${field}`);

type Change = { field: string; kind: ValueKind; before: unknown; after: unknown };
const describe = (t: Translate, locale: Locale, scope: 'plan' | 'goal' | 'measure', c: Change) => ({
	...c,
	label: fieldLabel(t, scope, c.field),
	beforeText: formatValue(t, locale, c.kind, c.before),
	afterText: formatValue(t, locale, c.kind, c.after)
});

/** The diff with a translated label and formatted before/after texts on every change (for the API). */
export function describeDiff<D extends { plan: Change[]; goals: { changed: { changes: Change[] }[] }; measures: { changed: { changes: Change[] }[] } }>(t: Translate, locale: Locale, d: D) {
	return {
		...d,
		plan: d.plan.map((c) => describe(t, locale, 'plan', c)),
		goals: { ...d.goals, changed: d.goals.changed.map((x) => ({ ...x, changes: x.changes.map((c) => describe(t, locale, 'goal', c)) })) },
		measures: { ...d.measures, changed: d.measures.changed.map((x) => ({ ...x, changes: x.changes.map((c) => describe(t, locale, 'measure', c)) })) }
	};
}
