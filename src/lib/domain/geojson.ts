/**
 * District boundaries: validation of untrusted GeoJSON and a small server-side SVG outline.
 * Pure functions, no I/O. Boundaries are stored as a bare RFC 7946 geometry (Polygon or MultiPolygon,
 * WGS84 lon/lat) with exterior rings counter-clockwise and holes clockwise.
 */

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
	type: 'Polygon';
	coordinates: Ring[];
}
export interface MultiPolygonGeometry {
	type: 'MultiPolygon';
	coordinates: Ring[][];
}
export type BoundaryGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Catalogue keys of the validation errors (messages/errors.ts). */
export type GeoJsonError =
	| 'error.geojson'
	| 'error.geojsonRing'
	| 'error.geojsonCoordinates'
	| 'error.geojsonSelfIntersection'
	| 'error.geojsonFeatureCount'
	| 'error.geojsonTooLarge';

export type BoundaryResult = { ok: true; geometry: BoundaryGeometry } | { ok: false; error: GeoJsonError };

/** About 1 MB of JSON text, as agreed for uploads; larger boundaries should be simplified first. */
export const MAX_BOUNDARY_BYTES = 1_000_000;
/** Upper bound on vertices, so the self-intersection check stays fast even for hostile input. */
export const MAX_BOUNDARY_VERTICES = 100_000;
const MAX_RINGS = 10_000;

const fail = (error: GeoJsonError): BoundaryResult => ({ ok: false, error });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses JSON text (a Feature, a FeatureCollection with exactly one feature, or a geometry) and validates
 * it with {@link validateBoundary}. Empty text is "no boundary" and gives `null`.
 */
export function parseBoundaryText(text: string): BoundaryResult | null {
	const trimmed = text.trim();
	if (trimmed === '') return null;
	if (utf8Length(trimmed) > MAX_BOUNDARY_BYTES) return fail('error.geojsonTooLarge');
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		return fail('error.geojson');
	}
	return validateBoundary(value);
}

/** Validates an already parsed GeoJSON value and normalises it to a bare, correctly wound geometry. */
export function validateBoundary(value: unknown): BoundaryResult {
	let geometry: unknown = value;
	if (isObject(geometry) && geometry.type === 'FeatureCollection') {
		const features = geometry.features;
		if (!Array.isArray(features)) return fail('error.geojson');
		if (features.length !== 1) return fail('error.geojsonFeatureCount');
		geometry = features[0];
	}
	if (isObject(geometry) && geometry.type === 'Feature') geometry = geometry.geometry;
	if (!isObject(geometry)) return fail('error.geojson');
	// A declared non-WGS84 CRS (old GeoJSON 2008 "crs" member) would put metres where degrees belong.
	if ('crs' in geometry && geometry.crs != null && !isWgs84Crs(geometry.crs)) return fail('error.geojsonCoordinates');

	let polygons: unknown[];
	if (geometry.type === 'Polygon') polygons = [geometry.coordinates];
	else if (geometry.type === 'MultiPolygon') {
		if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return fail('error.geojson');
		polygons = geometry.coordinates;
	} else return fail('error.geojson');

	const out: Ring[][] = [];
	let vertices = 0;
	let rings = 0;
	for (const polygon of polygons) {
		if (!Array.isArray(polygon) || polygon.length === 0) return fail('error.geojson');
		const rs: Ring[] = [];
		for (const ring of polygon) {
			if (!Array.isArray(ring)) return fail('error.geojson');
			if (++rings > MAX_RINGS) return fail('error.geojsonTooLarge');
			vertices += ring.length;
			if (vertices > MAX_BOUNDARY_VERTICES) return fail('error.geojsonTooLarge');
			const r = validateRing(ring);
			if (typeof r === 'string') return fail(r);
			rs.push(r);
		}
		out.push(rs);
	}

	const normalised = out.map((polygon) => polygon.map((ring, i) => orient(ring, i === 0)));
	return {
		ok: true,
		geometry: normalised.length === 1 && geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: normalised[0] } : { type: 'MultiPolygon', coordinates: normalised }
	};
}

function isWgs84Crs(crs: unknown): boolean {
	if (!isObject(crs) || !isObject(crs.properties)) return false;
	const name = String(crs.properties.name ?? '');
	return /CRS84$|EPSG:?:?4326$/i.test(name);
}

function validateRing(ring: unknown[]): Ring | GeoJsonError {
	const r: Ring = [];
	for (const p of ring) {
		if (!Array.isArray(p) || p.length < 2 || p.length > 3) return 'error.geojson';
		const [lon, lat] = p;
		if (typeof lon !== 'number' || typeof lat !== 'number') return 'error.geojson';
		if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'error.geojsonCoordinates';
		if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return 'error.geojsonCoordinates';
		// 7 decimals are about 1 cm: enough for any boundary and keeps the stored text small.
		r.push([round7(lon), round7(lat)]);
	}
	if (r.length < 4) return 'error.geojsonRing';
	const first = r[0];
	const last = r[r.length - 1];
	if (first[0] !== last[0] || first[1] !== last[1]) return 'error.geojsonRing';
	// Drop consecutive duplicates (harmless in GeoJSON, but they would look like touching segments).
	const dedup: Ring = [r[0]];
	for (let i = 1; i < r.length; i++) {
		const prev = dedup[dedup.length - 1];
		if (r[i][0] !== prev[0] || r[i][1] !== prev[1]) dedup.push(r[i]);
	}
	if (dedup.length < 4) return 'error.geojsonRing';
	if (Math.abs(signedArea(dedup)) < 1e-14) return 'error.geojsonSelfIntersection'; // collapsed to a line
	if (selfIntersects(dedup)) return 'error.geojsonSelfIntersection';
	return dedup;
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

function utf8Length(s: string): number {
	return new TextEncoder().encode(s).length;
}

/** Shoelace area in squared degrees; positive = counter-clockwise. */
function signedArea(ring: Ring): number {
	let a = 0;
	for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return a / 2;
}

/** RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. */
function orient(ring: Ring, exterior: boolean): Ring {
	const ccw = signedArea(ring) > 0;
	return ccw === exterior ? ring : [...ring].reverse();
}

function orientation(a: Position, b: Position, c: Position): number {
	const v = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
	return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
	const o1 = orientation(p1, p2, q1);
	const o2 = orientation(p1, p2, q2);
	const o3 = orientation(q1, q2, p1);
	const o4 = orientation(q1, q2, p2);
	if (o1 !== o2 && o3 !== o4) return true;
	if (o1 === 0 && onSegment(p1, p2, q1)) return true;
	if (o2 === 0 && onSegment(p1, p2, q2)) return true;
	if (o3 === 0 && onSegment(q1, q2, p1)) return true;
	if (o4 === 0 && onSegment(q1, q2, p2)) return true;
	return false;
}

/**
 * True when two non-adjacent edges of the ring touch or cross (a "bow tie" or a spike back onto itself).
 * Sweep over edges sorted by their left end, so typical boundaries cost about n log n, not n².
 */
export function selfIntersects(ring: Ring): boolean {
	const n = ring.length - 1; // number of edges (ring is closed)
	if (n < 3) return false;
	const edges = Array.from({ length: n }, (_, i) => i);
	const minX = (i: number) => Math.min(ring[i][0], ring[i + 1][0]);
	const maxX = (i: number) => Math.max(ring[i][0], ring[i + 1][0]);
	edges.sort((a, b) => minX(a) - minX(b));
	for (let ai = 0; ai < n; ai++) {
		const a = edges[ai];
		const aMax = maxX(a);
		const aMinY = Math.min(ring[a][1], ring[a + 1][1]);
		const aMaxY = Math.max(ring[a][1], ring[a + 1][1]);
		for (let bi = ai + 1; bi < n; bi++) {
			const b = edges[bi];
			if (minX(b) > aMax) break;
			if (Math.abs(a - b) === 1 || Math.abs(a - b) === n - 1) {
				// Adjacent edges share one vertex; they only conflict if they fold back onto each other.
				if (collinearOverlap(ring, a, b)) return true;
				continue;
			}
			const bMinY = Math.min(ring[b][1], ring[b + 1][1]);
			const bMaxY = Math.max(ring[b][1], ring[b + 1][1]);
			if (bMinY > aMaxY || bMaxY < aMinY) continue;
			if (segmentsIntersect(ring[a], ring[a + 1], ring[b], ring[b + 1])) return true;
		}
	}
	return false;
}

function collinearOverlap(ring: Ring, a: number, b: number): boolean {
	const [p1, p2, q1, q2] = [ring[a], ring[a + 1], ring[b], ring[b + 1]];
	if (orientation(p1, p2, q1) !== 0 || orientation(p1, p2, q2) !== 0) return false;
	// Shared vertex: the edges overlap if the other endpoint of one lies on the other (a spike).
	const shared = samePos(p2, q1) ? p2 : samePos(p1, q2) ? p1 : null;
	if (!shared) return false;
	const other1 = samePos(p1, shared) ? p2 : p1;
	const other2 = samePos(q1, shared) ? q2 : q1;
	return onSegment(p1, p2, other2) || onSegment(q1, q2, other1);
}

const samePos = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** The polygons of a geometry as a list of ring lists. */
export function polygonsOf(g: BoundaryGeometry): Ring[][] {
	return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export interface BoundaryStats {
	/** Area in square kilometres (holes subtracted), good to about 0.5 % for district-sized areas. */
	areaKm2: number;
	widthKm: number;
	heightKm: number;
	/** Centre of the bounding box, lon/lat. */
	center: Position;
	polygons: number;
	bbox: [number, number, number, number];
}

export function bboxOf(geometries: BoundaryGeometry[]): [number, number, number, number] | null {
	let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const g of geometries)
		for (const polygon of polygonsOf(g))
			for (const [x, y] of polygon[0] ?? []) {
				if (x < x0) x0 = x;
				if (x > x1) x1 = x;
				if (y < y0) y0 = y;
				if (y > y1) y1 = y;
			}
	return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}

/** Size facts for the text alternative of the outline and the district page. */
export function boundaryStats(g: BoundaryGeometry): BoundaryStats {
	const bbox = bboxOf([g])!;
	const lat0 = rad((bbox[1] + bbox[3]) / 2);
	const kx = EARTH_RADIUS_M * Math.cos(lat0);
	const ky = EARTH_RADIUS_M;
	let area = 0;
	for (const polygon of polygonsOf(g))
		polygon.forEach((ring, i) => {
			const m = ring.map(([x, y]) => [rad(x) * kx, rad(y) * ky] as Position);
			const a = Math.abs(signedArea(m));
			area += i === 0 ? a : -a;
		});
	return {
		areaKm2: area / 1e6,
		widthKm: (rad(bbox[2] - bbox[0]) * kx) / 1000,
		heightKm: (rad(bbox[3] - bbox[1]) * ky) / 1000,
		center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
		polygons: polygonsOf(g).length,
		bbox
	};
}

export interface SvgOutline {
	width: number;
	height: number;
	/** One SVG path per input geometry, in the same projection, in input order. */
	paths: string[];
}

/**
 * Projects geometries into one SVG box: a local equirectangular projection (x scaled by cos of the mean
 * latitude), which is accurate enough for the size of a district, north up. Returns null without geometry.
 */
export function svgOutline(geometries: BoundaryGeometry[], size = 320, padding = 8): SvgOutline | null {
	const bbox = bboxOf(geometries);
	if (!bbox) return null;
	const k = Math.cos(rad((bbox[1] + bbox[3]) / 2));
	const w = Math.max((bbox[2] - bbox[0]) * k, 1e-9);
	const h = Math.max(bbox[3] - bbox[1], 1e-9);
	const inner = size - 2 * padding;
	const scale = inner / Math.max(w, h);
	const width = Math.round(w * scale + 2 * padding);
	const height = Math.round(h * scale + 2 * padding);
	const px = (x: number) => ((x - bbox[0]) * k * scale + padding).toFixed(1);
	const py = (y: number) => ((bbox[3] - y) * scale + padding).toFixed(1);
	const paths = geometries.map((g) =>
		polygonsOf(g)
			.flatMap((polygon) => polygon.map((ring) => 'M' + ring.slice(0, -1).map(([x, y]) => `${px(x)},${py(y)}`).join('L') + 'Z'))
			.join('')
	);
	return { width, height, paths };
}
