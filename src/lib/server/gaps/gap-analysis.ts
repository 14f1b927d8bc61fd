import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { gapMatrix, filterItems, type GapFilter } from '../../domain/gaps';
import { targetGroups as activityGroups } from '../../domain/actors';
import { targetGroups as needGroups } from '../../domain/needs';
import { gapDistricts, loadGapItems } from './gaps.repository';

/** Target groups offered as a filter: both vocabularies, the universal groups left out (they match everything). */
export const gapTargetGroups = [...new Set([...needGroups, ...activityGroups])].filter((g) => g !== 'everyone' && g !== 'all-residents');

/** Reads the filter from GET parameters; unknown districts, groups or languages are reported as null (→ 404). */
export function gapFilterFrom(params: URLSearchParams, districtIds: ReadonlySet<string>): GapFilter | null {
	const f: GapFilter = {};
	const d = params.get('district') ?? '';
	if (d) {
		if (!districtIds.has(d)) return null;
		f.districtId = d;
	}
	const g = params.get('group') ?? '';
	if (g) {
		if (!(gapTargetGroups as readonly string[]).includes(g)) return null;
		f.targetGroup = g;
	}
	const l = params.get('language') ?? '';
	if (l) {
		if (!/^[a-z]{2,3}$/.test(l)) return null;
		f.language = l;
	}
	return f;
}

/** The gap analysis of a municipality under a filter, with the names it needs to show (or null for a bad filter). */
export async function gapAnalysis(db: Kysely<Database>, municipalityId: string, params: URLSearchParams) {
	const [items, districts] = await Promise.all([loadGapItems(db, municipalityId), gapDistricts(db, municipalityId)]);
	const filter = gapFilterFrom(params, new Set(districts.map((d) => d.id)));
	if (!filter) return null;
	const fields = items.fields.filter((f) => f.active || items.needs.some((n) => n.actionFieldId === f.id) || items.activities.some((a) => a.actionFieldId === f.id));
	const matrix = gapMatrix(fields.map((f) => f.id), items, filter);
	const languages = [...new Set([...items.needs.map((n) => n.language), ...items.activities.flatMap((a) => a.languages)])].filter(Boolean).sort();
	const fieldParam = params.get('field') ?? '';
	const field = fieldParam ? fields.find((f) => f.id === fieldParam) : undefined;
	if (fieldParam && !field) return null;
	const drill = field
		? (() => {
				const x = filterItems(items, filter);
				const of = <T extends { actionFieldId: string }>(xs: T[]) => xs.filter((i) => i.actionFieldId === field.id);
				return { field, needs: of(x.needs), activities: of(x.activities), goals: of(x.goals), measures: of(x.measures), unmet: new Set(of(matrix.unmet).map((n) => n.id)) };
			})()
		: null;
	return { filter, fields, districts, languages, matrix, drill };
}
