/**
 * Reading area boundaries from GeoJSON (EPSG:4326, 25832, 25833, 3035) or a zipped Shapefile, reprojected to
 * WGS84 lon/lat with RFC 7946 ring orientation, with a per-feature report. No database access.
 *
 * CRS, in this order: the caller's explicit override; the GeoJSON `crs` member or the Shapefile's .prj; the
 * extent of the coordinates (crs.ts guessCrs). A file whose CRS stays unknown or ambiguous is refused with a
 * message that asks the user to choose, never imported in the wrong place.
 *
 * Each feature is validated in its source coordinates (geometry-check.ts); a feature with problems is left out
 * of `features` and listed in `issues` with its index, a property that names it, and the place (lon/lat).
 */
import { parseDbf, parseShp } from 'shpjs';
import type { BoundaryGeometry, Ring as WgsRing } from '$lib/domain/geojson';
import { crsFromName, crsFromWkt, guessCrs, transformer, type BBox, type CrsCode } from './crs';
import { checkPolygon, orientRings, type Ring } from './geometry-check';
import { ImportError, IssueList, fail, makeIssue, type ImportIssue } from './issues';
import { MB, readUpload, type UploadInput } from './input';
import { decodeText } from './text-decoding';
import { isZip, unzipLimited, type ZipLimits } from './zip';

export interface BoundaryLimits {
	maxBytes: number;
	maxFeatures: number;
	/** Vertices over all features. */
	maxVertices: number;
	zip: ZipLimits;
}

export const DEFAULT_BOUNDARY_LIMITS: BoundaryLimits = {
	maxBytes: 100 * MB,
	maxFeatures: 20_000,
	maxVertices: 5_000_000,
	zip: { maxEntries: 200, maxUncompressedBytes: 300 * MB }
};

export interface BoundaryFeature {
	/** 0-based index in the file. */
	index: number;
	properties: Record<string, unknown>;
	geometry: BoundaryGeometry;
	bbox: BBox;
}

export type CrsSource = 'override' | 'file' | 'coordinates';

export type BoundaryReadResult =
	| { ok: true; format: 'geojson' | 'shapefile'; crs: CrsCode; crsSource: CrsSource; features: BoundaryFeature[]; featureCount: number; issues: ImportIssue[] }
	| { ok: false; format?: 'geojson' | 'shapefile'; crs?: CrsCode; features: BoundaryFeature[]; featureCount: number; issues: ImportIssue[] };

export interface ReadBoundariesOptions {
	crs?: CrsCode;
	/** A lon/lat near the data (the municipality's centre) to tell UTM zones 32 and 33 apart. */
	near?: [number, number];
	declaredSize?: number;
	limits?: Partial<BoundaryLimits>;
	/** Property used to name features in the report (default: the first of name, NAME, bez, Name, …). */
	nameProperty?: string;
}

interface RawFeature {
	geometry: unknown;
	properties: Record<string, unknown>;
}

export async function readBoundaries(input: UploadInput, opts: ReadBoundariesOptions = {}): Promise<BoundaryReadResult> {
	const limits: BoundaryLimits = { ...DEFAULT_BOUNDARY_LIMITS, ...opts.limits };
	let format: 'geojson' | 'shapefile' | undefined;
	try {
		const bytes = await readUpload(input, { maxBytes: limits.maxBytes, declaredSize: opts.declaredSize });
		if (bytes.length === 0) fail('emptyFile');
		format = isZip(bytes) ? 'shapefile' : 'geojson';
		const { features, declared } = format === 'shapefile' ? readShapefileZip(bytes, limits) : readGeoJson(bytes, limits);
		if (features.length === 0) fail('noFeatures');
		return convert(features, declared, format, opts, limits);
	} catch (e) {
		if (e instanceof ImportError) return { ok: false, format, features: [], featureCount: 0, issues: [e.issue] };
		throw e;
	}
}

function readGeoJson(bytes: Uint8Array, limits: BoundaryLimits): { features: RawFeature[]; declared: CrsCode | 'unsupported' | null } {
	let value: unknown;
	try {
		value = JSON.parse(decodeText(bytes).text);
	} catch {
		fail('geojsonInvalid');
	}
	const obj = value as Record<string, unknown> | null;
	if (!obj || typeof obj !== 'object') return fail('geojsonInvalid');
	let declared: CrsCode | 'unsupported' | null = null;
	const crs = obj.crs as { properties?: { name?: unknown } } | undefined;
	if (crs && typeof crs.properties?.name === 'string') declared = crsFromName(crs.properties.name);
	let features: RawFeature[];
	if (obj.type === 'FeatureCollection') {
		if (!Array.isArray(obj.features)) fail('geojsonInvalid');
		if ((obj.features as unknown[]).length > limits.maxFeatures) fail('tooManyFeatures', {}, { max: limits.maxFeatures });
		features = (obj.features as unknown[]).map((f) => {
			const feat = (f ?? {}) as Record<string, unknown>;
			return { geometry: feat.geometry, properties: isPlainObject(feat.properties) ? feat.properties : {} };
		});
	} else if (obj.type === 'Feature') features = [{ geometry: obj.geometry, properties: isPlainObject(obj.properties) ? obj.properties : {} }];
	else if (obj.type === 'Polygon' || obj.type === 'MultiPolygon') features = [{ geometry: obj, properties: {} }];
	else return fail('geojsonInvalid');
	return { features, declared };
}

function readShapefileZip(bytes: Uint8Array, limits: BoundaryLimits): { features: RawFeature[]; declared: CrsCode | 'unsupported' | null } {
	const wanted = (n: string) => !n.includes('__MACOSX') && /\.(shp|dbf|prj|cpg)$/i.test(n);
	const files = unzipLimited(bytes, wanted, limits.zip);
	const byExt = (ext: string) => Object.keys(files).filter((n) => n.toLowerCase().endsWith(ext));
	const shps = byExt('.shp');
	if (shps.length === 0) fail('shapefileMissing');
	if (shps.length > 1) fail('shapefileMultipleLayers', {}, { layers: shps.join(', ') });
	const base = shps[0].slice(0, -4);
	const sibling = (ext: string) => Object.keys(files).find((n) => n.toLowerCase() === (base + ext).toLowerCase());
	const prjName = sibling('.prj');
	const dbfName = sibling('.dbf');
	const cpgName = sibling('.cpg');
	const declared = prjName ? crsFromWkt(new TextDecoder().decode(files[prjName])) : null;
	let geometries: unknown[];
	let records: Record<string, unknown>[] = [];
	try {
		geometries = parseShp(files[shps[0]]) as unknown[];
	} catch {
		return fail('shapefileInvalid', {}, { file: shps[0] });
	}
	if (geometries.length > limits.maxFeatures) fail('tooManyFeatures', {}, { max: limits.maxFeatures });
	if (dbfName) records = readDbf(files[dbfName], cpgName ? new TextDecoder().decode(files[cpgName]).trim() : undefined, geometries.length);
	return { features: geometries.map((g, i) => ({ geometry: g, properties: records[i] ?? {} })), declared };
}

/** DBF attributes; the record count in the header is checked against the file size before parsing. */
function readDbf(dbf: Uint8Array, cpg: string | undefined, expected: number): Record<string, unknown>[] {
	if (dbf.length < 32) fail('shapefileInvalid', {}, { file: 'dbf' });
	const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
	const records = view.getUint32(4, true);
	const headerLen = view.getUint16(8, true);
	const recLen = view.getUint16(10, true);
	if (headerLen + records * recLen > dbf.length || records > expected + 1) fail('shapefileInvalid', {}, { file: 'dbf' });
	// Without .cpg: UTF-8 if the records are valid UTF-8, else Latin-1 (older German data).
	const encoding = cpg || (decodeText(dbf.subarray(headerLen)).encoding === 'windows-1252' ? 'latin1' : 'utf-8');
	try {
		return parseDbf(dbf, encoding) as Record<string, unknown>[];
	} catch {
		return fail('shapefileInvalid', {}, { file: 'dbf' });
	}
}

function convert(raw: RawFeature[], declared: CrsCode | 'unsupported' | null, format: 'geojson' | 'shapefile', opts: ReadBoundariesOptions, limits: BoundaryLimits): BoundaryReadResult {
	const issues = new IssueList(500);
	// Parse geometries first (source coordinates), to know the extent for CRS detection.
	const parsed = raw.map((f, index) => ({ index, properties: f.properties, polygons: polygonsOf(f.geometry) }));
	let vertices = 0;
	for (const p of parsed) if (p.polygons) for (const poly of p.polygons) for (const r of poly) vertices += Array.isArray(r) ? r.length : 0;
	if (vertices > limits.maxVertices) fail('tooManyVertices', {}, { max: limits.maxVertices });

	let crs: CrsCode;
	let crsSource: CrsSource;
	if (opts.crs) [crs, crsSource] = [opts.crs, 'override'];
	else if (declared === 'unsupported') return fail('crsUnsupported');
	else if (declared) [crs, crsSource] = [declared, 'file'];
	else {
		const g = guessCrs(extentOf(parsed.flatMap((p) => p.polygons ?? [])), opts.near);
		if ('ambiguous' in g) return fail('crsAmbiguous', {}, { candidates: g.ambiguous.join(', ') });
		if ('unknown' in g) return fail('crsUnknown');
		[crs, crsSource] = [g.crs, 'coordinates'];
	}
	const toWgs = transformer(crs, 'EPSG:4326');
	const features: BoundaryFeature[] = [];
	for (const p of parsed) {
		const name = featureName(p.properties, opts.nameProperty);
		const where = { feature: p.index };
		// Always a name, so messages can say which feature: its name property or its number in the file.
		const named = (params: Record<string, string | number> = {}) => ({ ...params, name: name ?? `#${p.index + 1}` });
		if (p.polygons === null) {
			issues.add(makeIssue('geometryUnsupported', 'error', where, named()));
			continue;
		}
		const out: WgsRing[][] = [];
		let bad = false;
		p.polygons.forEach((poly, pi) => {
			const { rings, problems } = checkPolygon(poly, pi);
			for (const pr of problems) {
				bad = true;
				const at = pr.at && toWgs(pr.at);
				issues.add(makeIssue(pr.code, 'error', where, named({ polygon: pr.polygon + 1, ring: pr.ring + 1, ...(at ? { lon: round7(at[0]), lat: round7(at[1]) } : {}) })));
			}
			if (!problems.length) out.push(orientRings(rings.map((r) => r.map((pt) => roundPt(toWgs(pt))))) as WgsRing[]);
		});
		if (bad) continue;
		const outOfRange = out.flat(2).find(([x, y]) => !(x >= -180 && x <= 180 && y >= -90 && y <= 90));
		if (outOfRange) {
			issues.add(makeIssue('coordinateOutOfRange', 'error', where, named({ crs })));
			continue;
		}
		const geometry: BoundaryGeometry = out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
		features.push({ index: p.index, properties: p.properties, geometry, bbox: extentOf(out) });
	}
	const all = issues.items;
	const ok = !all.some((i) => i.severity === 'error');
	return ok
		? { ok, format, crs, crsSource, features, featureCount: raw.length, issues: all }
		: { ok, format, crs, features, featureCount: raw.length, issues: all };
}

/** The polygons of a Polygon or MultiPolygon as raw ring arrays, or null for anything else. */
function polygonsOf(g: unknown): unknown[][] | null {
	if (!isPlainObject(g)) return null;
	if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return [g.coordinates];
	if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(Array.isArray))
		return g.coordinates as unknown[][];
	return null;
}

function extentOf(polygons: unknown[][]): BBox {
	let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const poly of polygons)
		for (const ring of poly)
			if (Array.isArray(ring))
				for (const p of ring as unknown[]) {
					if (!Array.isArray(p)) continue;
					const [x, y] = p as number[];
					if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
					if (x < x0) x0 = x;
					if (x > x1) x1 = x;
					if (y < y0) y0 = y;
					if (y > y1) y1 = y;
				}
	return [x0, y0, x1, y1];
}

const NAME_KEYS = ['name', 'NAME', 'Name', 'bez', 'BEZ', 'bezeichnung', 'BEZEICHNUNG', 'gen', 'GEN', 'plr_name', 'PLR_NAME', 'id', 'ID'];

function featureName(props: Record<string, unknown>, preferred?: string): string | undefined {
	for (const k of preferred ? [preferred, ...NAME_KEYS] : NAME_KEYS) {
		const v = props[k];
		if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 100);
		if (typeof v === 'number') return String(v);
	}
	return undefined;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const roundPt = (p: [number, number]): [number, number] => [round7(p[0]), round7(p[1])];
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reprojects a WGS84 boundary into another CRS (e.g. EPSG:3035 for the Zensus grid). */
export function reprojectGeometry(g: BoundaryGeometry, to: CrsCode): Ring[][] {
	const t = transformer('EPSG:4326', to);
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	return polys.map((poly) => poly.map((ring) => ring.map((p) => t([p[0], p[1]]))));
}
