/** Pure rules of the Local Action Plan: enumerations, goal hierarchy, measure schedule and site checks. */

export const measureStatuses = ['planned', 'in-progress', 'completed', 'on-hold', 'cancelled'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];

/** Spatial reference of a measure (handbook: one site in the district, the whole district, the whole city). */
export const spatialScopes = ['site', 'district', 'city'] as const;
export type SpatialScope = (typeof spatialScopes)[number];

/** Goal priority: 1 high, 2 medium, 3 low. */
export const priorities = [1, 2, 3] as const;
export type Priority = (typeof priorities)[number];

/**
 * Would making `newParentId` the parent of `goalId` create a cycle? `parentOf` maps every goal of the plan to
 * its current parent. Walks up from the new parent; meeting the goal itself means a cycle. Guarded against
 * cycles already present in bad data so it always terminates.
 */
export function createsCycle(goalId: string, newParentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
	const seen = new Set<string>();
	let cur: string | null | undefined = newParentId;
	while (cur) {
		if (cur === goalId) return true;
		if (seen.has(cur)) return true;
		seen.add(cur);
		cur = parentOf.get(cur);
	}
	return false;
}

/** Orders goals as a tree (parents before their children, depth for indentation), stable within siblings. */
export function goalTree<G extends { id: string; parentGoalId: string | null }>(goals: readonly G[]): (G & { depth: number })[] {
	const ids = new Set(goals.map((g) => g.id));
	const children = new Map<string | null, G[]>();
	for (const g of goals) {
		const parent = g.parentGoalId && ids.has(g.parentGoalId) ? g.parentGoalId : null;
		(children.get(parent) ?? children.set(parent, []).get(parent)!).push(g);
	}
	const out: (G & { depth: number })[] = [];
	const visit = (parent: string | null, depth: number) => {
		for (const g of children.get(parent) ?? []) {
			if (out.some((o) => o.id === g.id)) continue;
			out.push({ ...g, depth });
			visit(g.id, depth + 1);
		}
	};
	visit(null, 0);
	return out;
}

/** Dates are 'YYYY-MM-DD' strings, so comparing them as strings is comparing them as dates. */
export const endBeforeStart = (start: string | null, end: string | null): boolean => !!start && !!end && end < start;

/** A site needs a label or coordinates; coordinates only as a pair. Returns field → message key. */
export function siteProblems(m: { spatialScope: SpatialScope; siteLabel: string; siteLat: number | null; siteLon: number | null }): Record<string, string> {
	const out: Record<string, string> = {};
	if ((m.siteLat === null) !== (m.siteLon === null)) out[m.siteLat === null ? 'siteLat' : 'siteLon'] = 'error.latLonPair';
	else if (m.spatialScope === 'site' && !m.siteLabel && m.siteLat === null) out.siteLabel = 'error.siteRequired';
	return out;
}

/**
 * Repeatable form rows ("milestones.0.title", "milestones.0.dueDate" …) as a list, dropping rows where every
 * field is empty, so that a form with spare empty rows submits only what was filled in.
 */
export function collectRows(values: Record<string, string | string[]>, prefix: string): Record<string, string>[] {
	const rows = new Map<number, Record<string, string>>();
	const re = new RegExp(`^${prefix}\\.(\\d{1,3})\\.([A-Za-z]+)$`);
	for (const [k, v] of Object.entries(values)) {
		const m = re.exec(k);
		if (!m) continue;
		const i = Number(m[1]);
		const row = rows.get(i) ?? rows.set(i, {}).get(i)!;
		row[m[2]] = (Array.isArray(v) ? v[0] : v) ?? '';
	}
	return [...rows.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([, r]) => r)
		.filter((r) => Object.entries(r).some(([k, v]) => k !== 'id' && k !== 'done' && v.trim() !== ''));
}

/** The inverse of collectRows: rows back to flat form values (to refill a form after an error). */
export function rowsToValues(prefix: string, rows: readonly Record<string, string>[]): Record<string, string> {
	const out: Record<string, string> = {};
	rows.forEach((r, i) => {
		for (const [k, v] of Object.entries(r)) out[`${prefix}.${i}.${k}`] = v;
	});
	return out;
}
