/**
 * The resolved plan as open data: JSON (the whole plan), CSV (measures; goals in a second file; German Excel
 * convention: semicolons, decimal comma, UTF-8 with BOM) and GeoJSON (measures with a site as points, district-wide
 * measures as the district polygon). Only public content: the frozen version's plan text, rules, goals and measures,
 * the resolution's body, date, reference number and link. Never: the version's internal note, the resolution's
 * notes, who submitted or resolved it, or anything of the working draft except the progress of resolved measures.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { BoundaryGeometry } from '../../domain/geojson';
import { openDataLicences, type OpenDataLicence, type PublicMeasure } from '../../domain/portal';
import { introText, snapshotIndex, snapshotIntro } from '../../domain/plans/snapshot';
import type { PlanVersion } from '../plans/plan-versions.repository';

export interface OpenDataSource {
	municipality: { name: string; ags: string };
	licence: OpenDataLicence;
	attribution: string;
	version: PlanVersion;
	/** The resolved plan with progress (resolved.*); null for a numbered version (frozen as resolved). */
	progress: PublicMeasure[] | null;
	districtBoundary: BoundaryGeometry | null;
	/** Absolute URL of the public plan page. */
	pageUrl: string;
	generatedAt: string;
}

const statusLabels: Record<string, string> = { planned: 'geplant', 'in-progress': 'in Umsetzung', completed: 'abgeschlossen', 'on-hold': 'zurückgestellt', cancelled: 'abgebrochen' };
const scopeLabels: Record<string, string> = { site: 'Standort im Stadtteil', district: 'ganzer Stadtteil', city: 'Gesamtstadt' };

function licenceOf(s: OpenDataSource) {
	const l = openDataLicences[s.licence];
	return { id: s.licence, name: l.name, url: l.url, attribution: s.attribution || s.municipality.name };
}

function versionOf(v: PlanVersion) {
	return {
		number: v.number,
		state: v.state,
		resolution: v.resolution ? { body: v.resolution.body, date: v.resolution.date, referenceNumber: v.resolution.referenceNumber, link: v.resolution.link || null } : null,
		supersededAt: v.supersededAt
	};
}

/** The plan as one JSON document. */
export function planJson(s: OpenDataSource): string {
	const snap = s.version.snapshot;
	const ix = snapshotIndex(snap);
	const progress = new Map((s.progress ?? []).map((m) => [m.id, m]));
	const doc = {
		type: 'quartier-local-action-plan',
		schema: 1,
		title: `${snap.plan.title} – Version ${s.version.number}`,
		publisher: { name: s.municipality.name, ags: s.municipality.ags },
		licence: licenceOf(s),
		page: s.pageUrl,
		generatedAt: s.generatedAt,
		contentLanguage: 'de',
		version: versionOf(s.version),
		plan: { id: snap.plan.id, title: snap.plan.title, introduction: introText(snapshotIntro(snap)), intro: snapshotIntro(snap), district: { id: snap.plan.districtId, name: snap.plan.districtName }, rules: snap.plan.rules },
		actionFields: snap.actionFields.map((f) => ({ id: f.id, key: f.key, name: f.name })),
		goals: snap.goals.map((g) => ({
			id: g.id,
			parentGoalId: g.parentGoalId,
			actionFieldId: g.actionFieldId,
			actionField: ix.fieldName(g.actionFieldId),
			title: g.title,
			description: g.description,
			priority: g.priority,
			timeHorizon: g.timeHorizon,
			operationalisation: g.operationalisation,
			cityWideGoals: g.conceptGoalIds.map(ix.conceptGoalLabel)
		})),
		measures: snap.measures.map((m) => {
			const p = progress.get(m.id);
			return {
				id: m.id,
				actionFieldId: m.actionFieldId,
				actionField: ix.fieldName(m.actionFieldId),
				title: m.title,
				description: m.description,
				goalIds: m.goalIds,
				lead: ix.actorName(m.leadActorId),
				partners: m.partnerActorIds.map((id) => ix.actorName(id) ?? ''),
				startDate: m.startDate,
				endDate: m.endDate,
				milestones: m.milestones.map((x) => ({ id: x.id, title: x.title, dueDate: x.dueDate, done: x.done })),
				costCents: m.costCents,
				fundingSource: m.fundingSource,
				spatialScope: m.spatialScope,
				site: m.spatialScope === 'site' ? { label: m.siteLabel, lat: m.siteLat, lon: m.siteLon } : null,
				decidableLocally: m.decidableLocally,
				integrated: m.integrated,
				starterProject: m.starterProject,
				resolvedStatus: m.status,
				progress: p
					? {
							status: p.currentStatus,
							inWorkingPlan: p.inWorkingPlan,
							milestonesDone: p.milestonesDoneCount,
							milestonesTotal: p.milestones.length,
							milestonesDoneIds: p.milestones.filter((x) => x.done).map((x) => x.id),
							updatedAt: p.progressUpdatedAt
						}
					: null
			};
		})
	};
	return JSON.stringify(doc, null, 2);
}

const germanDate = (iso: string | null): string => (iso ? iso.split('-').reverse().join('.') : '');
const decimal = (n: number | null): string => (n === null ? '' : String(n).replace('.', ','));
const euros = (cents: number | null): string => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));
const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const csv = (rows: string[][]) => '\uFEFF' + stringify(rows.map((r) => r.map(safe)), { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[;"\r\n]/ });

export const MEASURE_CSV_COLUMNS = [
	'ID', 'Handlungsfeld', 'Maßnahme', 'Beschreibung', 'Ziele', 'Federführung', 'Partner', 'Beginn', 'Ende', 'Meilensteine',
	'Kosten (EUR)', 'Finanzierung', 'Raumbezug', 'Ort', 'Breitengrad', 'Längengrad', 'Vor Ort entscheidbar', 'Integriert', 'Startprojekt',
	'Status laut Beschluss', 'Aktueller Status', 'Meilensteine erledigt', 'Im Arbeitsplan', 'Version', 'Beschlussdatum'
] as const;

export const GOAL_CSV_COLUMNS = ['ID', 'Übergeordnetes Ziel', 'Handlungsfeld', 'Ziel', 'Beschreibung', 'Priorität', 'Zeithorizont', 'Operationalisierung', 'Gesamtstädtische Ziele', 'Version', 'Beschlussdatum'] as const;

/** One row per measure; the progress columns are empty for a numbered version. */
export function measuresCsv(s: OpenDataSource): string {
	const snap = s.version.snapshot;
	const ix = snapshotIndex(snap);
	const progress = new Map((s.progress ?? []).map((m) => [m.id, m]));
	const yesNo = (b: boolean) => (b ? 'ja' : 'nein');
	const resolvedOn = germanDate(s.version.resolution?.date ?? null);
	const rows = snap.measures.map((m) => {
		const p = progress.get(m.id);
		const milestones = p?.milestones ?? m.milestones;
		return [
			m.id,
			ix.fieldName(m.actionFieldId),
			m.title,
			m.description,
			m.goalIds.map((id) => ix.goalTitle(id) ?? '').join(' | '),
			ix.actorName(m.leadActorId) ?? '',
			m.partnerActorIds.map((id) => ix.actorName(id) ?? '').join(' | '),
			germanDate(m.startDate),
			germanDate(m.endDate),
			milestones.map((x) => `${germanDate(x.dueDate)} ${x.title}${x.done ? ' (erledigt)' : ''}`).join(' | '),
			euros(m.costCents),
			m.fundingSource,
			scopeLabels[m.spatialScope] ?? m.spatialScope,
			m.siteLabel,
			decimal(m.siteLat),
			decimal(m.siteLon),
			yesNo(m.decidableLocally),
			yesNo(m.integrated),
			yesNo(m.starterProject),
			statusLabels[m.status] ?? m.status,
			p ? (statusLabels[p.currentStatus] ?? p.currentStatus) : '',
			p ? `${p.milestonesDoneCount}/${p.milestones.length}` : '',
			p ? yesNo(p.inWorkingPlan) : '',
			String(s.version.number),
			resolvedOn
		];
	});
	return csv([[...MEASURE_CSV_COLUMNS], ...rows]);
}

export function goalsCsv(s: OpenDataSource): string {
	const snap = s.version.snapshot;
	const ix = snapshotIndex(snap);
	const prio: Record<number, string> = { 1: 'hoch', 2: 'mittel', 3: 'niedrig' };
	const resolvedOn = germanDate(s.version.resolution?.date ?? null);
	const rows = snap.goals.map((g) => [
		g.id,
		ix.goalTitle(g.parentGoalId) ?? '',
		ix.fieldName(g.actionFieldId),
		g.title,
		g.description,
		prio[g.priority] ?? String(g.priority),
		germanDate(g.timeHorizon),
		g.operationalisation,
		g.conceptGoalIds.map(ix.conceptGoalLabel).join(' | '),
		String(s.version.number),
		resolvedOn
	]);
	return csv([[...GOAL_CSV_COLUMNS], ...rows]);
}

/** Measures with a site (Point, [lon, lat]) and district-wide measures (the district polygon, when known). */
export function measuresGeoJson(s: OpenDataSource): string {
	const snap = s.version.snapshot;
	const ix = snapshotIndex(snap);
	const progress = new Map((s.progress ?? []).map((m) => [m.id, m]));
	const features = snap.measures.flatMap((m) => {
		let geometry: unknown = null;
		if (m.spatialScope === 'site' && m.siteLat !== null && m.siteLon !== null) geometry = { type: 'Point', coordinates: [m.siteLon, m.siteLat] };
		else if (m.spatialScope === 'district' && s.districtBoundary) geometry = s.districtBoundary;
		if (!geometry) return [];
		const p = progress.get(m.id);
		return [
			{
				type: 'Feature',
				id: m.id,
				geometry,
				properties: {
					id: m.id,
					title: m.title,
					actionField: ix.fieldName(m.actionFieldId),
					spatialScope: m.spatialScope,
					siteLabel: m.siteLabel,
					lead: ix.actorName(m.leadActorId),
					startDate: m.startDate,
					endDate: m.endDate,
					resolvedStatus: m.status,
					status: p?.currentStatus ?? null,
					inWorkingPlan: p ? p.inWorkingPlan : null
				}
			}
		];
	});
	return JSON.stringify({
		type: 'FeatureCollection',
		name: `${snap.plan.title} – Version ${s.version.number}`,
		licence: licenceOf(s),
		publisher: s.municipality.name,
		features
	});
}

export const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
