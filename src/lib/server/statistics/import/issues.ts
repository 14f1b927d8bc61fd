/**
 * Structured problems found while reading an upload. Every problem has a stable code, a catalogue key
 * (`import.<code>`, see i18n/messages/statistics-import.ts) and, where it applies, the place: the 1-based row
 * of the file (as a spreadsheet program shows it), the 0-based column index with its header name, or the
 * 0-based feature index of a boundary file. Library exceptions never leave this folder raw.
 */
export type Severity = 'error' | 'warning';

export interface ImportIssue {
	code: string;
	severity: Severity;
	/** Catalogue key of the message shown to the user. */
	messageKey: string;
	/** 1-based row number in the file (header row included). */
	row?: number;
	/** 0-based column index. */
	column?: number;
	columnName?: string;
	/** 0-based feature index (boundaries). */
	feature?: number;
	params?: Record<string, string | number>;
}

export interface IssuePlace {
	row?: number;
	column?: number;
	columnName?: string;
	feature?: number;
}

export function makeIssue(
	code: string,
	severity: Severity,
	place: IssuePlace = {},
	params?: Record<string, string | number>
): ImportIssue {
	const out: ImportIssue = { code, severity, messageKey: `import.${code}`, ...place };
	if (params) out.params = params;
	return out;
}

/** An error that carries a structured issue; thrown inside this folder and turned into a result at the edge. */
export class ImportError extends Error {
	constructor(readonly issue: ImportIssue) {
		super(issue.code);
		this.name = 'ImportError';
	}
}

export const fail = (code: string, place?: IssuePlace, params?: Record<string, string | number>): never => {
	throw new ImportError(makeIssue(code, 'error', place, params));
};

export const hasErrors = (issues: readonly ImportIssue[]) => issues.some((i) => i.severity === 'error');

/** Keeps a report readable: after `max` issues of one code, only a count is kept. */
export class IssueList {
	readonly items: ImportIssue[] = [];
	private readonly perCode = new Map<string, number>();
	constructor(private readonly maxPerCode = 200) {}

	add(i: ImportIssue): void {
		const n = (this.perCode.get(i.code) ?? 0) + 1;
		this.perCode.set(i.code, n);
		if (n <= this.maxPerCode) this.items.push(i);
	}

	/** How many issues of each code were found, including those not kept. */
	counts(): Record<string, number> {
		return Object.fromEntries(this.perCode);
	}

	get hasErrors(): boolean {
		return hasErrors(this.items);
	}
}
