import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { NeedChannel, NeedState, RaisedBy, ReviewState, StatementLanguage, TargetGroup } from '../../domain/needs';

type Q = Kysely<Database>;

export interface NeedFilter {
	districtId?: string;
	actionFieldId?: string;
	channel?: string;
	state?: string;
	language?: string;
	engagementId?: string;
	/** Review state of public submissions; without it, rejected submissions are left out. */
	review?: string;
}

export interface NeedSummary {
	id: string;
	districtId: string;
	districtName: string;
	actionFieldId: string;
	actionFieldName: string;
	title: string;
	channel: NeedChannel;
	language: StatementLanguage;
	state: NeedState;
	publicReason: string;
	mergedIntoId: string | null;
	engagementId: string | null;
	createdAt: string;
	stateChangedAt: string;
	/** 'pending' for a public submission nobody has reviewed yet; only accepted needs are public. */
	reviewState: ReviewState;
	/** false when the resident chose no field of action (the one shown is provisional until accepted). */
	fieldGiven: boolean;
}

export interface LinkRef {
	id: string;
	title: string;
	planId: string;
}

export interface Need extends NeedSummary {
	statement: string;
	targetGroups: TargetGroup[];
	placeLabel: string;
	placeLat: number | null;
	placeLon: number | null;
	raisedBy: RaisedBy;
	raisedByActorId: string | null;
	raisedByActorName: string | null;
	raisedByText: string;
	consentRecorded: boolean;
	internalNote: string;
	engagementTitle: string | null;
	mergedIntoTitle: string | null;
	mergedFrom: { id: string; title: string }[];
	goals: LinkRef[];
	measures: LinkRef[];
	createdBy: string | null;
	updatedAt: string;
	reviewReason: string;
	reviewedAt: string | null;
}

const summaryQuery = (db: Q, municipalityId: string) =>
	db
		.selectFrom('need as n')
		.innerJoin('district as d', (j) => j.onRef('d.id', '=', 'n.district_id').onRef('d.municipality_id', '=', 'n.municipality_id'))
		.innerJoin('action_field as f', (j) => j.onRef('f.id', '=', 'n.action_field_id').onRef('f.municipality_id', '=', 'n.municipality_id'))
		.select([
			'n.id',
			'n.district_id',
			'd.name as district_name',
			'n.action_field_id',
			'f.name as field_name',
			'f.sort_order as field_sort',
			'f.key as field_key',
			'n.title',
			'n.channel',
			'n.language',
			'n.state',
			'n.public_reason',
			'n.merged_into_id',
			'n.engagement_id',
			'n.created_at',
			'n.state_changed_at',
			'n.review_state',
			'n.field_given'
		])
		.where('n.municipality_id', '=', municipalityId);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

const toSummary = (r: SummaryRow): NeedSummary => ({
	id: r.id,
	districtId: r.district_id,
	districtName: r.district_name,
	actionFieldId: r.action_field_id,
	actionFieldName: r.field_name,
	title: r.title,
	channel: r.channel as NeedChannel,
	language: r.language as StatementLanguage,
	state: r.state,
	publicReason: r.public_reason,
	mergedIntoId: r.merged_into_id,
	engagementId: r.engagement_id,
	createdAt: r.created_at,
	stateChangedAt: r.state_changed_at,
	reviewState: r.review_state,
	fieldGiven: r.field_given === 1
});

/** Needs of the municipality, newest first, narrowed by the filter (a fixed number of queries). */
export async function listNeeds(db: Q, municipalityId: string, filter: NeedFilter = {}, limit = 1000): Promise<NeedSummary[]> {
	let q = summaryQuery(db, municipalityId);
	if (filter.districtId) q = q.where('n.district_id', '=', filter.districtId);
	if (filter.actionFieldId) q = q.where('n.action_field_id', '=', filter.actionFieldId);
	if (filter.channel) q = q.where('n.channel', '=', filter.channel);
	if (filter.state) q = q.where('n.state', '=', filter.state as NeedState);
	if (filter.language) q = q.where('n.language', '=', filter.language);
	if (filter.engagementId) q = q.where('n.engagement_id', '=', filter.engagementId);
	q = filter.review ? q.where('n.review_state', '=', filter.review as ReviewState) : q.where('n.review_state', '<>', 'rejected');
	const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id').limit(limit).execute();
	return rows.map(toSummary);
}

export async function countNeeds(db: Q, municipalityId: string, filter: NeedFilter = {}): Promise<number> {
	let q = db.selectFrom('need').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId);
	if (filter.districtId) q = q.where('district_id', '=', filter.districtId);
	if (filter.engagementId) q = q.where('engagement_id', '=', filter.engagementId);
	if (filter.review) q = q.where('review_state', '=', filter.review as ReviewState);
	return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** Goals and measures each need was taken up in (two queries for any number of needs). */
async function linksOf(db: Q, municipalityId: string, needIds: string[]) {
	const goals = new Map<string, LinkRef[]>();
	const measures = new Map<string, LinkRef[]>();
	if (needIds.length === 0) return { goals, measures };
	const [g, m] = await Promise.all([
		db
			.selectFrom('need_goal as l')
			.innerJoin('goal as g', (j) => j.onRef('g.id', '=', 'l.goal_id').onRef('g.municipality_id', '=', 'l.municipality_id'))
			.select(['l.need_id', 'g.id', 'g.title', 'g.action_plan_id'])
			.where('l.municipality_id', '=', municipalityId)
			.where('l.need_id', 'in', needIds)
			.orderBy('g.title')
			.execute(),
		db
			.selectFrom('need_measure as l')
			.innerJoin('measure as m', (j) => j.onRef('m.id', '=', 'l.measure_id').onRef('m.municipality_id', '=', 'l.municipality_id'))
			.select(['l.need_id', 'm.id', 'm.title', 'm.action_plan_id'])
			.where('l.municipality_id', '=', municipalityId)
			.where('l.need_id', 'in', needIds)
			.orderBy('m.title')
			.execute()
	]);
	for (const r of g) (goals.get(r.need_id) ?? goals.set(r.need_id, []).get(r.need_id)!).push({ id: r.id, title: r.title, planId: r.action_plan_id });
	for (const r of m) (measures.get(r.need_id) ?? measures.set(r.need_id, []).get(r.need_id)!).push({ id: r.id, title: r.title, planId: r.action_plan_id });
	return { goals, measures };
}

export async function findNeed(db: Q, municipalityId: string, id: string): Promise<Need | undefined> {
	const r = await summaryQuery(db, municipalityId)
		.leftJoin('need_actor as na', (j) => j.onRef('na.need_id', '=', 'n.id').onRef('na.municipality_id', '=', 'n.municipality_id'))
		.leftJoin('actor as a', (j) => j.onRef('a.id', '=', 'na.actor_id').onRef('a.municipality_id', '=', 'na.municipality_id'))
		.leftJoin('engagement as e', (j) => j.onRef('e.id', '=', 'n.engagement_id').onRef('e.municipality_id', '=', 'n.municipality_id'))
		.leftJoin('need as mi', (j) => j.onRef('mi.id', '=', 'n.merged_into_id').onRef('mi.municipality_id', '=', 'n.municipality_id'))
		.select([
			'n.statement',
			'n.target_groups',
			'n.place_label',
			'n.place_lat',
			'n.place_lon',
			'n.raised_by',
			'na.actor_id as raised_by_actor_id',
			'a.name as raised_by_actor_name',
			'n.raised_by_text',
			'n.consent_recorded',
			'n.internal_note',
			'e.title as engagement_title',
			'mi.title as merged_into_title',
			'n.created_by',
			'n.updated_at',
			'n.review_reason',
			'n.reviewed_at'
		])
		.where('n.id', '=', id)
		.executeTakeFirst();
	if (!r) return undefined;
	const [links, mergedFrom] = await Promise.all([
		linksOf(db, municipalityId, [id]),
		db.selectFrom('need').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('merged_into_id', '=', id).orderBy('created_at').execute()
	]);
	return {
		...toSummary(r),
		statement: r.statement,
		targetGroups: JSON.parse(r.target_groups) as TargetGroup[],
		placeLabel: r.place_label,
		placeLat: r.place_lat === null ? null : Number(r.place_lat),
		placeLon: r.place_lon === null ? null : Number(r.place_lon),
		raisedBy: r.raised_by,
		raisedByActorId: r.raised_by_actor_id ?? null,
		raisedByActorName: r.raised_by_actor_name ?? null,
		raisedByText: r.raised_by_text,
		consentRecorded: r.consent_recorded === 1,
		internalNote: r.internal_note,
		engagementTitle: r.engagement_title ?? null,
		mergedIntoTitle: r.merged_into_title ?? null,
		mergedFrom,
		goals: links.goals.get(id) ?? [],
		measures: links.measures.get(id) ?? [],
		createdBy: r.created_by,
		updatedAt: r.updated_at,
		reviewReason: r.review_reason,
		reviewedAt: r.reviewed_at
	};
}

/** The row a state change works on (inside its transaction). */
export async function findNeedRow(db: Q, municipalityId: string, id: string) {
	return db
		.selectFrom('need')
		.select(['id', 'district_id', 'state', 'public_reason', 'merged_into_id', 'title', 'created_by', 'channel', 'action_field_id', 'review_state', 'field_given'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function findNeedBySubmissionKey(db: Q, municipalityId: string, key: string): Promise<{ id: string } | undefined> {
	return db.selectFrom('need').select('id').where('municipality_id', '=', municipalityId).where('submission_key', '=', key).executeTakeFirst();
}

export async function linkIds(db: Q, municipalityId: string, needId: string): Promise<{ goalIds: string[]; measureIds: string[] }> {
	const [g, m] = await Promise.all([
		db.selectFrom('need_goal').select('goal_id').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute(),
		db.selectFrom('need_measure').select('measure_id').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute()
	]);
	return { goalIds: g.map((r) => r.goal_id).sort(), measureIds: m.map((r) => r.measure_id).sort() };
}

/** One entry of a need's history, from the audit trail. */
export interface NeedHistoryEntry {
	at: string;
	action: string;
	userName: string | null;
	state: NeedState | null;
	publicReason: string | null;
}

export async function needHistory(db: Q, municipalityId: string, needId: string): Promise<NeedHistoryEntry[]> {
	const rows = await db
		.selectFrom('audit_entry as a')
		.leftJoin('app_user as u', 'u.id', 'a.user_id')
		.select(['a.created_at', 'a.action', 'a.changes', 'u.name'])
		.where('a.municipality_id', '=', municipalityId)
		.where('a.entity', '=', 'need')
		.where('a.entity_id', '=', needId)
		.orderBy('a.created_at')
		.orderBy('a.id')
		.execute();
	return rows.map((r) => {
		let after: Record<string, unknown> = {};
		try {
			after = (JSON.parse(r.changes).after ?? {}) as Record<string, unknown>;
		} catch {
			// an unreadable entry still shows when and what
		}
		return {
			at: r.created_at,
			action: r.action,
			userName: r.name ?? null,
			state: (typeof after.state === 'string' ? after.state : null) as NeedState | null,
			publicReason: typeof after.publicReason === 'string' ? after.publicReason : null
		};
	});
}

/** Other needs of the district a need can be merged into (not itself, not merged ones). */
export async function mergeTargets(db: Q, municipalityId: string, districtId: string, exceptId: string) {
	return db
		.selectFrom('need')
		.select(['id', 'title', 'state'])
		.where('municipality_id', '=', municipalityId)
		.where('district_id', '=', districtId)
		.where('id', '<>', exceptId)
		.where('state', '<>', 'merged')
		.where('review_state', '=', 'accepted')
		.orderBy('title')
		.execute();
}

/** What the public page of a district shows of each need: no statement, no "raised by", no internal note. */
export interface PublicNeed {
	id: string;
	title: string;
	actionFieldName: string;
	actionFieldKey: string;
	actionFieldSort: number;
	state: NeedState;
	publicReason: string;
	mergedIntoId: string | null;
	mergedIntoTitle: string | null;
	goals: string[];
	measures: string[];
	recordedOn: string;
	stateChangedOn: string;
}

export async function listPublicNeeds(db: Q, municipalityId: string, districtId: string): Promise<PublicNeed[]> {
	const rows = await summaryQuery(db, municipalityId)
		.leftJoin('need as mi', (j) => j.onRef('mi.id', '=', 'n.merged_into_id').onRef('mi.municipality_id', '=', 'n.municipality_id'))
		.select('mi.title as merged_into_title')
		.where('n.district_id', '=', districtId)
		// Public submissions appear only once staff have looked at them (accepted, or merged into a need).
		.where('n.review_state', '=', 'accepted')
		.execute();
	const links = await linksOf(db, municipalityId, rows.map((r) => r.id));
	const collator = new Intl.Collator('de', { numeric: true });
	return rows
		.map((r) => ({
			id: r.id,
			title: r.title,
			actionFieldName: r.field_name,
			actionFieldKey: r.field_key,
			actionFieldSort: r.field_sort,
			state: r.state,
			publicReason: r.public_reason,
			mergedIntoId: r.merged_into_id,
			mergedIntoTitle: r.merged_into_title ?? null,
			goals: (links.goals.get(r.id) ?? []).map((g) => g.title),
			measures: (links.measures.get(r.id) ?? []).map((m) => m.title),
			recordedOn: r.created_at.slice(0, 10),
			stateChangedOn: r.state_changed_at.slice(0, 10)
		}))
		.sort((a, b) => a.actionFieldSort - b.actionFieldSort || collator.compare(a.title, b.title));
}

/** Choices for taking a need up: goals and measures of the plan of the need's district. */
export async function planLinkChoices(db: Q, municipalityId: string, districtId: string) {
	const plan = await db.selectFrom('action_plan').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('district_id', '=', districtId).executeTakeFirst();
	if (!plan) return { plan: null, goals: [], measures: [] };
	const [goals, measures] = await Promise.all([
		db.selectFrom('goal').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('action_plan_id', '=', plan.id).orderBy('title').execute(),
		db.selectFrom('measure').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('action_plan_id', '=', plan.id).orderBy('title').execute()
	]);
	return { plan, goals, measures };
}
