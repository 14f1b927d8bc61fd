import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findMunicipalityBySlug } from '../municipalities/municipalities.repository';
import { findDistrict } from '../districts/districts.repository';
import { isUuid } from '../plans/plan-versions.repository';
import { withProgress } from '../../domain/portal';
import { findPublicVersion, getPortalSettings, livingProgress } from './portal.repository';
import { etagOf, goalsCsv, measuresCsv, measuresGeoJson, planJson, type OpenDataSource } from './open-data';

export type OpenDataFormat = 'json' | 'csv' | 'goals.csv' | 'geojson';

/** `resolved.json` → the resolved version; `3.csv`, `3-goals.csv` → version 3. Anything else: null. */
export function parseOpenDataFile(file: string, numbered: boolean): { which: 'resolved' | number; format: OpenDataFormat } | null {
	const m = numbered ? /^([1-9][0-9]{0,5})(-goals)?\.(json|csv|geojson)$/.exec(file) : /^(resolved)(-goals)?\.(json|csv|geojson)$/.exec(file);
	if (!m) return null;
	if (m[2] && m[3] !== 'csv') return null;
	return { which: numbered ? Number(m[1]) : 'resolved', format: m[2] ? 'goals.csv' : (m[3] as OpenDataFormat) };
}

const types: Record<OpenDataFormat, string> = {
	json: 'application/json; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	'goals.csv': 'text/csv; charset=utf-8',
	geojson: 'application/geo+json; charset=utf-8'
};

/**
 * Answers a download of the public portal: 404 for an unknown or disabled portal, another municipality's plan,
 * a plan without that public version (drafts, submitted and withdrawn versions are never public). ETag from the
 * content (304 on If-None-Match); the resolved version may change (progress, a newer resolution): 5 minutes;
 * a numbered version is frozen: one day.
 */
export async function openDataResponse(opts: { db: Kysely<Database>; slug: string; planId: string; file: string; numbered: boolean; request: Request; origin: string }): Promise<Response> {
	const parsed = parseOpenDataFile(opts.file, opts.numbered);
	if (!parsed || !isUuid(opts.planId)) error(404, 'Not Found');
	const municipality = await findMunicipalityBySlug(opts.db, opts.slug);
	if (!municipality) error(404, 'Not Found');
	const settings = await getPortalSettings(opts.db, municipality.id);
	if (!settings.enabled) error(404, 'Not Found');
	const version = await findPublicVersion(opts.db, municipality.id, opts.planId, parsed.which);
	if (!version) error(404, 'Not Found');
	const snap = version.snapshot;
	const district = await findDistrict(opts.db, municipality.id, snap.plan.districtId);
	const progress = parsed.which === 'resolved' ? withProgress(snap, await livingProgress(opts.db, municipality.id, opts.planId)) : null;
	const source: OpenDataSource = {
		municipality: { name: municipality.name, ags: municipality.ags },
		licence: settings.licence,
		attribution: settings.attribution,
		version,
		progress,
		districtBoundary: district?.boundary ?? null,
		pageUrl: `${opts.origin}/p/${municipality.slug}/districts/${snap.plan.districtId}`,
		generatedAt: version.resolution?.resolvedAt ?? version.submittedAt
	};
	const body = parsed.format === 'json' ? planJson(source) : parsed.format === 'csv' ? measuresCsv(source) : parsed.format === 'goals.csv' ? goalsCsv(source) : measuresGeoJson(source);
	const etag = etagOf(body);
	const headers: Record<string, string> = {
		'content-type': types[parsed.format],
		'cache-control': parsed.which === 'resolved' ? 'public, max-age=300' : 'public, max-age=86400',
		etag,
		'content-disposition': `inline; filename="${opts.file}"`,
		'access-control-allow-origin': '*',
		link: `<${source.pageUrl}>; rel="describedby"`
	};
	const inm = opts.request.headers.get('if-none-match');
	if (inm && inm.split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
	return new Response(body, { status: 200, headers });
}
