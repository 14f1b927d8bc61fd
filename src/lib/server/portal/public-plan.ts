import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findDistrict } from '../districts/districts.repository';
import { findPlanByDistrict } from '../plans/plans.repository';
import { introText, snapshotIndex, snapshotIntro } from '../../domain/plans/snapshot';
import { groupByField, withProgress, type PublicMeasure } from '../../domain/portal';
import { findPublicVersion, listPublicVersions, livingProgress, type PublicVersionRef } from './portal.repository';
import { portalMapSvg, type PortalMapPoint } from './portal-map';
import type { PlanVersion } from '../plans/plan-versions.repository';
import type { BoundaryGeometry } from '../../domain/geojson';
import { translateSnapshot, type TranslatedSnapshot } from '../plans/translate-snapshot';
import { itemKey, type TranslationKind } from '../../domain/plans/translations';

export interface PublicPlanView {
	planId: string;
	title: string;
	introduction: string;
	/**
	 * The texts of the plan (goals, measures, fields of action: itemKey() 'goal:<id>:title' …) shown in the page
	 * language `contentLang`, because the resolved version has a current translation; all others are German.
	 */
	contentLang: string;
	translated: string[];
	/** the introduction's non-empty parts in order, each with the language it is shown in */
	introParts: { part: 'introOrigin' | 'introFunction' | 'introScope'; text: string; lang: string }[];
	version: { number: number; resolution: { body: string; date: string; referenceNumber: string; link: string } | null };
	versions: PublicVersionRef[];
	/** `fieldLang`, `parentLang` and each measure goal's `lang`: the language of that text ('de' or `contentLang`). */
	goals: { id: string; title: string; description: string; field: string; fieldKey: string; fieldLang: string; parentTitle: string | null; parentLang: string; priority: number; timeHorizon: string | null }[];
	groups: { id: string; key: string; name: string; measures: (PublicMeasure & { n: number | null; lead: string | null; partners: string[]; goals: { title: string; lang: string }[] })[] }[];
	counts: { status: string; count: number }[];
	measureCount: number;
	removedCount: number;
	totalCostCents: number;
	mapPoints: PortalMapPoint[];
	mapSvg: string | null;
}

/**
 * A district of the municipality for the public portal: its resolved plan (the frozen version the council
 * decided) with the implementation progress of the living plan, or `plan: null` when there is no plan or no
 * resolved version (nothing of the draft is shown then). undefined for an unknown district or another
 * municipality's.
 */
export async function loadPublicDistrict(
	db: Kysely<Database>,
	municipalityId: string,
	districtId: string,
	mapTitle: (district: string) => string,
	/** the page language: the plan's texts are shown in it where the resolved version has current translations */
	locale = 'de'
): Promise<{ district: { id: string; name: string; boundary: BoundaryGeometry | null }; plan: PublicPlanView | null } | undefined> {
	if (!/^[0-9a-f-]{36}$/i.test(districtId)) return undefined;
	const district = await findDistrict(db, municipalityId, districtId);
	if (!district) return undefined;
	const base = { id: district.id, name: district.name, boundary: district.boundary };
	const plan = await findPlanByDistrict(db, municipalityId, district.id);
	if (!plan) return { district: base, plan: null };
	const version = await findPublicVersion(db, municipalityId, plan.id, 'resolved');
	if (!version) return { district: base, plan: null };
	const [living, versions] = await Promise.all([livingProgress(db, municipalityId, plan.id), listPublicVersions(db, municipalityId, plan.id)]);
	const translated = translateSnapshot(version.snapshot, locale);
	return { district: base, plan: buildView({ ...version, snapshot: translated.snapshot }, living, versions, district.boundary, mapTitle(district.name), translated) };
}

const introKey = { introOrigin: 'origin', introFunction: 'function', introScope: 'scope' } as const;

function buildView(
	version: PlanVersion,
	living: Awaited<ReturnType<typeof livingProgress>>,
	versions: PublicVersionRef[],
	boundary: BoundaryGeometry | null,
	mapTitle: string,
	tr: TranslatedSnapshot
): PublicPlanView {
	const snap = version.snapshot;
	const textLang = (kind: TranslationKind, id: string, field: string) => (tr.translated.has(itemKey(kind, id, field)) ? tr.lang : 'de');
	const introParts = (['introOrigin', 'introFunction', 'introScope'] as const).filter((f) => snapshotIntro(snap)[introKey[f]].trim());
	const ix = snapshotIndex(snap);
	const measures = withProgress(snap, living);
	const grouped = groupByField(snap, measures);
	// Numbers on the map follow the list order, so "3" on the map is the third located measure in the list.
	let n = 0;
	const mapPoints: PortalMapPoint[] = [];
	const groups = grouped.map((g) => ({
		...g,
		measures: g.measures.map((m) => {
			const located = m.spatialScope === 'site' && m.siteLat !== null && m.siteLon !== null;
			const num = located ? ++n : null;
			if (located) mapPoints.push({ n: num!, lat: m.siteLat!, lon: m.siteLon!, label: m.siteLabel ? `${m.title} – ${m.siteLabel}` : m.title });
			return {
				...m,
				n: num,
				lead: ix.actorName(m.leadActorId),
				partners: m.partnerActorIds.map((id) => ix.actorName(id) ?? '').filter(Boolean),
				goals: m.goalIds.flatMap((id) => {
					const title = ix.goalTitle(id);
					return title ? [{ title, lang: textLang('goal', id, 'title') }] : [];
				})
			};
		})
	}));
	const fields = new Map(snap.actionFields.map((f) => [f.id, f]));
	const statuses = ['planned', 'in-progress', 'completed', 'on-hold', 'cancelled'];
	return {
		planId: snap.plan.id,
		title: snap.plan.title,
		// the introduction's three parts (origin, function, scope) as one text, and each part on its own
		introduction: introText(snapshotIntro(snap)),
		introParts: introParts.map((f) => ({ part: f, text: snapshotIntro(snap)[introKey[f]], lang: textLang('plan', snap.plan.id, f) })),
		contentLang: tr.lang,
		translated: [...tr.translated],
		version: { number: version.number, resolution: version.resolution && { body: version.resolution.body, date: version.resolution.date, referenceNumber: version.resolution.referenceNumber, link: version.resolution.link } },
		versions,
		goals: snap.goals
			.map((g) => ({
				id: g.id,
				title: g.title,
				description: g.description,
				field: fields.get(g.actionFieldId)?.name ?? '',
				fieldKey: fields.get(g.actionFieldId)?.key ?? '',
				fieldLang: textLang('actionField', g.actionFieldId, 'name'),
				parentTitle: ix.goalTitle(g.parentGoalId),
				parentLang: g.parentGoalId ? textLang('goal', g.parentGoalId, 'title') : 'de',
				priority: g.priority,
				timeHorizon: g.timeHorizon,
				sort: ix.fieldOrder(g.actionFieldId)
			}))
			.sort((a, b) => a.sort - b.sort || a.priority - b.priority || a.title.localeCompare(b.title, 'de'))
			.map(({ sort: _sort, ...g }) => g),
		groups,
		counts: statuses.map((status) => ({ status, count: measures.filter((m) => m.inWorkingPlan && m.currentStatus === status).length })),
		measureCount: measures.length,
		removedCount: measures.filter((m) => !m.inWorkingPlan).length,
		totalCostCents: snap.measures.reduce((s, m) => s + (m.costCents ?? 0), 0),
		mapPoints,
		mapSvg: portalMapSvg({ boundary, districtName: snap.plan.districtName, points: mapPoints, title: mapTitle })
	};
}
