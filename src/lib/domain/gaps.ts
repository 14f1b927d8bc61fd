/**
 * Gap analysis of the inventory (handbook: where needs and offers do not meet): per field of action, the needs
 * raised, the activities offered, and the goals and measures of the plans; filtered by district, target group
 * and language. Pure functions; the server loads the items.
 *
 * Actors and needs name target groups in two vocabularies (activities: "everyone", needs: "all-residents"); both
 * universal groups match every group. A need counts as met by an offer when an activity in the same field of
 * action reaches its target groups (or everyone) and, for a statement made in another language than German,
 * speaks that language.
 */

export interface GapNeed {
	id: string;
	title: string;
	actionFieldId: string;
	districtId: string;
	targetGroups: string[];
	language: string;
	state: string;
}
export interface GapActivity {
	id: string;
	title: string;
	actorName: string;
	actionFieldId: string;
	targetGroups: string[];
	languages: string[];
}
export interface GapPlanItem {
	id: string;
	title: string;
	actionFieldId: string;
	districtId: string;
	planId: string;
}
export interface GapFilter {
	districtId?: string;
	targetGroup?: string;
	language?: string;
}
export interface GapRow {
	actionFieldId: string;
	needs: number;
	openNeeds: number;
	activities: number;
	goals: number;
	measures: number;
	/** Open needs that no activity of the field reaches (target group, language). */
	unmetNeeds: number;
	kind: 'need-without-offer' | 'offer-without-need' | 'need-not-in-plan' | 'balanced' | 'empty';
}

const UNIVERSAL = new Set(['everyone', 'all-residents']);
const ACTIVE_NEED = new Set(['open', 'taken_up']);

const reachesGroup = (groups: readonly string[], group: string) => groups.length === 0 || groups.some((g) => g === group || UNIVERSAL.has(g));

/** Does the activity reach the need's people: a shared (or universal) target group and, if not German, its language. */
export function activityMeetsNeed(a: GapActivity, n: GapNeed): boolean {
	if (a.actionFieldId !== n.actionFieldId) return false;
	const groups = n.targetGroups.length === 0 ? true : n.targetGroups.some((g) => reachesGroup(a.targetGroups, g) || UNIVERSAL.has(g));
	const language = n.language === '' || n.language === 'de' || a.languages.includes(n.language);
	return groups && language;
}

export function filterItems(
	items: { needs: GapNeed[]; activities: GapActivity[]; goals: GapPlanItem[]; measures: GapPlanItem[] },
	f: GapFilter
) {
	const needs = items.needs.filter(
		(n) =>
			n.state !== 'merged' &&
			(!f.districtId || n.districtId === f.districtId) &&
			(!f.targetGroup || reachesGroup(n.targetGroups, f.targetGroup)) &&
			(!f.language || n.language === f.language)
	);
	const activities = items.activities.filter(
		(a) => (!f.targetGroup || reachesGroup(a.targetGroups, f.targetGroup)) && (!f.language || a.languages.includes(f.language))
	);
	const goals = items.goals.filter((g) => !f.districtId || g.districtId === f.districtId);
	const measures = items.measures.filter((m) => !f.districtId || m.districtId === f.districtId);
	return { needs, activities, goals, measures };
}

export function gapMatrix(
	fieldIds: readonly string[],
	items: { needs: GapNeed[]; activities: GapActivity[]; goals: GapPlanItem[]; measures: GapPlanItem[] },
	f: GapFilter
): { rows: GapRow[]; unmet: GapNeed[]; unused: GapActivity[] } {
	const x = filterItems(items, f);
	const unmet = x.needs.filter((n) => n.state === 'open' && !x.activities.some((a) => activityMeetsNeed(a, n)));
	const fieldsWithNeeds = new Set(x.needs.filter((n) => ACTIVE_NEED.has(n.state)).map((n) => n.actionFieldId));
	const unused = x.activities.filter((a) => !fieldsWithNeeds.has(a.actionFieldId));
	const rows = fieldIds.map((id): GapRow => {
		const needs = x.needs.filter((n) => n.actionFieldId === id);
		const openNeeds = needs.filter((n) => n.state === 'open').length;
		const activities = x.activities.filter((a) => a.actionFieldId === id).length;
		const goals = x.goals.filter((g) => g.actionFieldId === id).length;
		const measures = x.measures.filter((m) => m.actionFieldId === id).length;
		const unmetNeeds = unmet.filter((n) => n.actionFieldId === id).length;
		const active = needs.filter((n) => ACTIVE_NEED.has(n.state)).length;
		const kind: GapRow['kind'] =
			unmetNeeds > 0 ? 'need-without-offer' : activities > 0 && active === 0 ? 'offer-without-need' : openNeeds > 0 && goals + measures === 0 ? 'need-not-in-plan' : needs.length + activities + goals + measures === 0 ? 'empty' : 'balanced';
		return { actionFieldId: id, needs: needs.length, openNeeds, activities, goals, measures, unmetNeeds, kind };
	});
	return { rows, unmet, unused };
}
