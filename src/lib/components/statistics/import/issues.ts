import type { Translate } from '$lib/i18n';

/** What an import issue looks like on a page (the server's ImportIssue, serialised). */
export interface IssueView {
	code: string;
	severity: 'error' | 'warning';
	messageKey: string;
	row?: number;
	column?: number;
	columnName?: string;
	feature?: number;
	params?: Record<string, string | number>;
}

/** "Zeile 6, Spalte „Schlüssel“" – where an issue is, for a report table. */
export function issuePlace(t: Translate, i: IssueView): string {
	const parts: string[] = [];
	if (i.row !== undefined) parts.push(t('statistics.issue.row', { row: i.row }));
	if (i.columnName !== undefined) parts.push(t('statistics.issue.column', { column: i.columnName }));
	else if (i.column !== undefined) parts.push(t('statistics.issue.columnNumber', { column: i.column + 1 }));
	if (i.feature !== undefined) parts.push(t('statistics.issue.feature', { feature: i.feature + 1 }));
	return parts.join(', ') || t('statistics.issue.file');
}

export const issueMessage = (t: Translate, i: IssueView): string => t(i.messageKey, i.params);
