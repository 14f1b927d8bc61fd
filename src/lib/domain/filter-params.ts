/**
 * Parsing of the GET filter forms of list pages (actors, activities, engagements…). A filter in the query string
 * is a wish, never an error: an unknown choice or an over-long search is ignored or cut, so a stale bookmark
 * still shows the list.
 */

/** A choice from the query: the value when it is one of `allowed`, else '' (= all). */
export const oneOf = (allowed: readonly string[], value: string | null): string => (value && allowed.includes(value) ? value : '');

/** The search words of a filter form: trimmed, at most `max` characters. */
export const searchText = (value: string | null, max = 200): string => (value ?? '').trim().slice(0, max);

/** A checkbox of a GET form ('on' when ticked, absent otherwise). */
export const ticked = (value: string | null): boolean => value === 'on';

/** What a filter form can hold: a search text, a choice from a list, or a checkbox. */
export type FilterSpec = Record<string, { param?: string } & ({ kind: 'search'; max?: number } | { kind: 'choice'; allowed: readonly string[] } | { kind: 'check' })>;
export type FilterValues<S extends FilterSpec> = { [K in keyof S]: S[K] extends { kind: 'check' } ? boolean : string };

/** Reads every field of a filter form from the query string; `param` names the query key when it differs. */
export function readFilter<S extends FilterSpec>(params: URLSearchParams, spec: S): FilterValues<S> {
	const out: Record<string, string | boolean> = {};
	for (const [key, f] of Object.entries(spec)) {
		const raw = params.get(f.param ?? key);
		out[key] = f.kind === 'search' ? searchText(raw, f.max) : f.kind === 'choice' ? oneOf(f.allowed, raw) : ticked(raw);
	}
	return out as FilterValues<S>;
}

/** Whether any filter is set (to offer "reset filter"). */
export const isFiltered = (filter: Record<string, unknown>): boolean => Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));

/** The confirmation a page shows after a redirect (?notice=…), when it is one the page knows; else null. */
export const noticeFrom = <N extends string>(params: URLSearchParams, known: readonly N[]): N | null => (oneOf(known, params.get('notice')) as N) || null;
