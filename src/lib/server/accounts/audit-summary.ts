/** A readable digest of an audit entry's before/after JSON for the audit log viewer. */
export interface ChangeLine {
	field: string;
	before: string | null;
	after: string | null;
}

const MAX_VALUE = 80;
const MAX_LINES = 12;

function show(v: unknown): string | null {
	if (v === undefined || v === null) return null;
	const s = typeof v === 'string' ? v : JSON.stringify(v);
	return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Lists the fields that differ between before and after (values shortened); for a creation or deletion
 * (one side empty) the fields of the other side. Long entries are cut to the first lines.
 */
export function summariseChanges(changes: { before: unknown; after: unknown }): { lines: ChangeLine[]; more: number } {
	const before = isRecord(changes.before) ? changes.before : changes.before == null ? {} : { value: changes.before };
	const after = isRecord(changes.after) ? changes.after : changes.after == null ? {} : { value: changes.after };
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
	const lines: ChangeLine[] = [];
	for (const k of keys) {
		const b = show(before[k]);
		const a = show(after[k]);
		if (JSON.stringify(before[k]) === JSON.stringify(after[k]) && k in before && k in after) continue;
		lines.push({ field: k, before: b, after: a });
	}
	return { lines: lines.slice(0, MAX_LINES), more: Math.max(0, lines.length - MAX_LINES) };
}
