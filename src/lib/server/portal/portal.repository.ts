import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { defaultPortalSettings, licenceIds, portalLocales, type LivingMeasure, type OpenDataLicence, type PortalLocale, type PortalSettings } from '../../domain/portal';
import { findPlanVersion, isUuid, type PlanVersion } from '../plans/plan-versions.repository';

type Q = Kysely<Database> | Transaction<Database>;

/** The portal settings of a municipality; the defaults when it has not saved any. */
export async function getPortalSettings(db: Q, municipalityId: string): Promise<PortalSettings> {
	const r = await db.selectFrom('portal_settings').selectAll().where('municipality_id', '=', municipalityId).executeTakeFirst();
	if (!r) return defaultPortalSettings();
	let languages: PortalLocale[] = ['de'];
	try {
		const parsed = JSON.parse(r.languages) as unknown;
		if (Array.isArray(parsed)) languages = portalLocales.filter((l) => l === 'de' || parsed.includes(l));
	} catch {
		/* keep German only */
	}
	return {
		enabled: r.enabled === 1,
		languages,
		licence: (licenceIds as string[]).includes(r.licence) ? (r.licence as OpenDataLicence) : 'dl-de-by-2.0',
		attribution: r.attribution,
		imprintUrl: r.imprint_url,
		privacyUrl: r.privacy_url,
		feedbackEmail: r.feedback_email,
		feedbackPhone: r.feedback_phone,
		a11yStatus: r.a11y_status,
		a11yNonAccessible: r.a11y_non_accessible,
		a11yPreparedOn: r.a11y_prepared_on,
		a11yReviewedOn: r.a11y_reviewed_on,
		a11yMethod: r.a11y_method,
		a11yEnforcementBody: r.a11y_enforcement_body,
		a11yEnforcementUrl: r.a11y_enforcement_url,
		updatedAt: r.updated_at
	};
}

export interface NewsItem {
	id: string;
	districtId: string | null;
	districtName: string | null;
	title: string;
	body: string;
	publishedOn: string;
	published: boolean;
	createdAt: string;
	updatedAt: string;
}

const newsQuery = (db: Q, municipalityId: string) =>
	db
		.selectFrom('portal_news as n')
		.leftJoin('district as d', (j) => j.onRef('d.id', '=', 'n.district_id').onRef('d.municipality_id', '=', 'n.municipality_id'))
		.selectAll('n')
		.select('d.name as district_name')
		.where('n.municipality_id', '=', municipalityId);

type NewsRow = Awaited<ReturnType<ReturnType<typeof newsQuery>['executeTakeFirstOrThrow']>>;
const toNews = (r: NewsRow): NewsItem => ({
	id: r.id,
	districtId: r.district_id,
	districtName: r.district_name,
	title: r.title,
	body: r.body,
	publishedOn: r.published_on,
	published: r.published === 1,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

/**
 * News of a municipality, newest first. `publishedOnly` for the public pages (published and dated today or
 * earlier); `districtId`: that district's items and the municipality-wide ones (`undefined`: all).
 */
export async function listNews(
	db: Q,
	municipalityId: string,
	opts: { publishedOnly: boolean; today?: string; districtId?: string | null; limit?: number }
): Promise<NewsItem[]> {
	let q = newsQuery(db, municipalityId);
	if (opts.publishedOnly) {
		q = q.where('n.published', '=', 1);
		if (opts.today) q = q.where('n.published_on', '<=', opts.today);
	}
	if (opts.districtId === null) q = q.where('n.district_id', 'is', null);
	else if (opts.districtId !== undefined) {
		const d = opts.districtId;
		q = q.where((eb) => eb.or([eb('n.district_id', '=', d), eb('n.district_id', 'is', null)]));
	}
	const rows = await q.orderBy('n.published_on', 'desc').orderBy('n.created_at', 'desc').limit(opts.limit ?? 200).execute();
	return rows.map(toNews);
}

export async function findNews(db: Q, municipalityId: string, id: string): Promise<NewsItem | undefined> {
	if (!isUuid(id)) return undefined;
	const r = await newsQuery(db, municipalityId).where('n.id', '=', id).executeTakeFirst();
	return r && toNews(r);
}

export interface FeedbackMessage {
	id: string;
	topic: 'accessibility' | 'content' | 'other';
	pageUrl: string;
	message: string;
	name: string;
	email: string;
	language: string;
	receivedAt: string;
	handledAt: string | null;
}

const toFeedback = (r: Database['portal_feedback']): FeedbackMessage => ({
	id: r.id,
	topic: r.topic,
	pageUrl: r.page_url,
	message: r.message,
	name: r.name,
	email: r.email,
	language: r.language,
	receivedAt: r.received_at,
	handledAt: r.handled_at
});

/** The feedback inbox, newest first; unhandled messages first when `openFirst`. */
export async function listFeedback(db: Q, municipalityId: string, opts: { state?: 'open' | 'handled' | 'all'; limit?: number } = {}): Promise<FeedbackMessage[]> {
	let q = db.selectFrom('portal_feedback').selectAll().where('municipality_id', '=', municipalityId);
	if (opts.state === 'open') q = q.where('handled_at', 'is', null);
	if (opts.state === 'handled') q = q.where('handled_at', 'is not', null);
	const rows = await q.orderBy('received_at', 'desc').limit(opts.limit ?? 500).execute();
	return rows.map(toFeedback);
}

export async function findFeedback(db: Q, municipalityId: string, id: string): Promise<FeedbackMessage | undefined> {
	if (!isUuid(id)) return undefined;
	const r = await db.selectFrom('portal_feedback').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toFeedback(r);
}

export async function countOpenFeedback(db: Q, municipalityId: string): Promise<number> {
	const r = await db
		.selectFrom('portal_feedback')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.where('handled_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Status and milestones done of the living plan's measures (the implementation progress). Two queries. */
export async function livingProgress(db: Q, municipalityId: string, planId: string): Promise<LivingMeasure[]> {
	const [measures, milestones] = await Promise.all([
		db.selectFrom('measure').select(['id', 'status', 'updated_at']).where('municipality_id', '=', municipalityId).where('action_plan_id', '=', planId).execute(),
		db
			.selectFrom('milestone as x')
			.innerJoin('measure as m', (j) => j.onRef('m.id', '=', 'x.measure_id').onRef('m.municipality_id', '=', 'x.municipality_id'))
			.select(['x.id', 'x.measure_id', 'x.done'])
			.where('x.municipality_id', '=', municipalityId)
			.where('m.action_plan_id', '=', planId)
			.execute()
	]);
	const done = new Map<string, Record<string, boolean>>();
	for (const x of milestones) (done.get(x.measure_id) ?? done.set(x.measure_id, {}).get(x.measure_id)!)[x.id] = x.done === 1;
	return measures.map((m) => ({ id: m.id, status: m.status as LivingMeasure['status'], milestonesDone: done.get(m.id) ?? {}, updatedAt: m.updated_at }));
}

export interface PublicPlanRef {
	planId: string;
	districtId: string;
	districtName: string;
	title: string;
	versionId: string;
	versionNumber: number;
	resolutionDate: string | null;
	measureCount: number;
	goalCount: number;
}

/** Plans of the municipality that have a resolved version (what the public portal may show). */
export async function listResolvedPlans(db: Q, municipalityId: string): Promise<PublicPlanRef[]> {
	const rows = await db
		.selectFrom('plan_version as v')
		.innerJoin('action_plan as p', (j) => j.onRef('p.id', '=', 'v.action_plan_id').onRef('p.municipality_id', '=', 'v.municipality_id'))
		.innerJoin('district as d', (j) => j.onRef('d.id', '=', 'p.district_id').onRef('d.municipality_id', '=', 'p.municipality_id'))
		.select(['v.id', 'v.number', 'v.resolution_date', 'v.goal_count', 'v.measure_count', 'p.id as plan_id', 'p.title', 'd.id as district_id', 'd.name as district_name'])
		.where('v.municipality_id', '=', municipalityId)
		.where('v.state', '=', 'resolved')
		.execute();
	const collator = new Intl.Collator('de', { numeric: true });
	return rows
		.map((r) => ({
			planId: r.plan_id,
			districtId: r.district_id,
			districtName: r.district_name,
			title: r.title,
			versionId: r.id,
			versionNumber: r.number,
			resolutionDate: r.resolution_date,
			measureCount: r.measure_count,
			goalCount: r.goal_count
		}))
		.sort((a, b) => collator.compare(a.districtName, b.districtName));
}

export interface PublicVersionRef {
	id: string;
	number: number;
	state: 'resolved' | 'superseded';
	resolutionDate: string | null;
	supersededAt: string | null;
}

/** The public (resolved and superseded) versions of a plan, newest first; never submitted or withdrawn ones. */
export async function listPublicVersions(db: Q, municipalityId: string, planId: string): Promise<PublicVersionRef[]> {
	if (!isUuid(planId)) return [];
	const rows = await db
		.selectFrom('plan_version')
		.select(['id', 'number', 'state', 'resolution_date', 'superseded_at'])
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.where('state', 'in', ['resolved', 'superseded'])
		.orderBy('number', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, state: r.state as 'resolved' | 'superseded', resolutionDate: r.resolution_date, supersededAt: r.superseded_at }));
}

/** A public version with its snapshot: the resolved one (`'resolved'`) or the one with that number. */
export async function findPublicVersion(db: Q, municipalityId: string, planId: string, which: 'resolved' | number): Promise<PlanVersion | undefined> {
	const versions = await listPublicVersions(db, municipalityId, planId);
	const v = which === 'resolved' ? versions.find((x) => x.state === 'resolved') : versions.find((x) => x.number === which);
	if (!v) return undefined;
	const full = await findPlanVersion(db as Kysely<Database>, municipalityId, v.id);
	return full && full.planId === planId && (full.state === 'resolved' || full.state === 'superseded') ? full : undefined;
}
