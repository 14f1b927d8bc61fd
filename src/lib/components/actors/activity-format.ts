import type { Translate } from '$lib/i18n';
import { formatEuro } from '$lib/domain/money';

type T = Translate;

/** "wöchentlich (Mi, Do, 16:00–18:00)": the schedule text with weekdays and times, as the lists show it. */
export function scheduleText(x: { schedule: string; weekdays: string[]; startTime: string | null; endTime: string | null }, t: T): string {
	if (!x.weekdays.length) return x.schedule;
	const days = x.weekdays.map((d) => t(`activity.weekdayShort.${d}`)).join(', ');
	const time = x.startTime ? `, ${x.startTime}${x.endTime ? `–${x.endTime}` : ''}` : '';
	return `${x.schedule}${x.schedule ? ' ' : ''}(${days}${time})`;
}

/** Cost for participants: free, an amount in euro, or '–' when unknown. */
export const costText = (costCents: number | null, t: T): string => (costCents === null ? '–' : costCents === 0 ? t('activity.free') : formatEuro(costCents));
