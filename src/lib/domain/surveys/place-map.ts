/**
 * The map of a place question: a frame (a lon/lat rectangle drawn as a fixed-size picture) with the projection
 * both ways, so a click on the server-rendered map (an <input type="image">, which sends name.x/name.y without
 * JavaScript) becomes a coordinate, and a stored coordinate becomes a marker. Pure functions, no I/O.
 *
 * The projection is equirectangular with the longitude scaled by cos(latitude of the centre): for a district or a
 * town (a few kilometres) it differs from UTM by far less than a pixel, and it inverts exactly.
 * The picture has a fixed size in CSS pixels (it is never scaled by the page), because browsers report the click
 * in the displayed size: a scaled picture would shift every answer.
 */
import type { BoundaryGeometry } from '../geojson';

/** Width and height limits of the picture in CSS pixels (fits a 320 px phone inside the form). */
export const PLACE_MAP_WIDTH = 288;
export const PLACE_MAP_MIN_HEIGHT = 200;
export const PLACE_MAP_MAX_HEIGHT = 400;

export interface MapFrame {
	west: number;
	east: number;
	south: number;
	north: number;
	width: number;
	height: number;
}

export interface LonLatBox {
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
}

export interface LatLon {
	lat: number;
	lon: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The smallest lon/lat box around the outer rings of the boundaries; null when there are none (or they are not finite). */
export function boundsOf(geometries: readonly BoundaryGeometry[]): LonLatBox | null {
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	for (const g of geometries) {
		const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		for (const poly of polys)
			for (const [lon, lat] of poly[0] ?? []) {
				if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
				minLon = Math.min(minLon, lon);
				maxLon = Math.max(maxLon, lon);
				minLat = Math.min(minLat, lat);
				maxLat = Math.max(maxLat, lat);
			}
	}
	if (!Number.isFinite(minLon) || !Number.isFinite(minLat)) return null;
	return { minLon, minLat, maxLon, maxLat };
}

/**
 * The frame around a box: 6 % room on each side (at least about 100 m), the same scale both ways, centred, and a
 * picture `width` px wide whose height follows the box (clamped). Values are rounded so the frame is the same
 * wherever it is computed (server, page, tests).
 */
export function mapFrame(box: LonLatBox, width = PLACE_MAP_WIDTH): MapFrame {
	const cLat = (box.minLat + box.maxLat) / 2;
	const cLon = (box.minLon + box.maxLon) / 2;
	const k = Math.max(0.05, Math.cos((cLat * Math.PI) / 180));
	// Spans in "degrees of latitude" (the same ground length both ways).
	const spanX = (box.maxLon - box.minLon) * k;
	const spanY = box.maxLat - box.minLat;
	const pad = Math.max(0.001, Math.max(spanX, spanY) * 0.06);
	const fullX = spanX + 2 * pad;
	const fullY = spanY + 2 * pad;
	const height = Math.max(PLACE_MAP_MIN_HEIGHT, Math.min(PLACE_MAP_MAX_HEIGHT, Math.round((width * fullY) / fullX)));
	// Pixels per degree of latitude: the whole box fits both ways.
	const s = Math.min(width / fullX, height / fullY);
	const halfLon = width / s / 2 / k;
	const halfLat = height / s / 2;
	return {
		west: round(cLon - halfLon, 6),
		east: round(cLon + halfLon, 6),
		south: round(cLat - halfLat, 6),
		north: round(cLat + halfLat, 6),
		width,
		height
	};
}

/** Pixel position (from the top left corner) of a coordinate; may lie outside the picture. */
export function toPixel(f: MapFrame, p: LatLon): [number, number] {
	return [((p.lon - f.west) / (f.east - f.west)) * f.width, ((f.north - p.lat) / (f.north - f.south)) * f.height];
}

/** The coordinate of a pixel position, rounded to 6 decimals (about 10 cm) like every stored coordinate. */
export function toLatLon(f: MapFrame, x: number, y: number): LatLon {
	return { lat: round(f.north - (y / f.height) * (f.north - f.south), 6), lon: round(f.west + (x / f.width) * (f.east - f.west), 6) };
}

/** Whether a coordinate lies on the map (its lon/lat rectangle, edges included). */
export function frameContains(f: MapFrame, p: LatLon): boolean {
	return p.lat >= f.south && p.lat <= f.north && p.lon >= f.west && p.lon <= f.east;
}

/**
 * A click as the browser sends it (name.x and name.y: whole CSS pixels from the top left corner of the picture).
 * Anything else – missing, not a whole number, negative, beyond the picture – is refused with null.
 */
export function parseMapClick(f: MapFrame, rawX: unknown, rawY: unknown): LatLon | null {
	const px = (v: unknown, max: number): number | null => {
		const s = Array.isArray(v) ? v[0] : v;
		if (typeof s !== 'string' || !/^\d{1,5}$/.test(s.trim())) return null;
		const n = Number(s.trim());
		return n <= max ? n : null;
	};
	const x = px(rawX, f.width);
	const y = px(rawY, f.height);
	if (x === null || y === null) return null;
	return toLatLon(f, x, y);
}

/** Field name of the map picture of a question (the browser sends `<name>.x` and `<name>.y`). */
export const mapFieldName = (questionId: string) => `m_${questionId}`;

/** The first map click among the submitted fields: the question it belongs to and the raw x/y; null when there is none. */
export function findMapClick(fields: Record<string, unknown>, questionIds: readonly string[]): { questionId: string; x: unknown; y: unknown } | null {
	for (const id of questionIds) {
		const name = mapFieldName(id);
		if (`${name}.x` in fields || `${name}.y` in fields) return { questionId: id, x: fields[`${name}.x`], y: fields[`${name}.y`] };
	}
	return null;
}

export interface GridCount {
	/** column letter and row number, e.g. "B3" (columns from the west, rows from the north) */
	label: string;
	col: number;
	row: number;
	count: number;
}

/**
 * Coordinates counted in a grid laid over the frame (`cols` columns, square-ish cells). Points outside the frame
 * are counted in `outside`. Cells are returned in reading order (row by row), empty ones included.
 */
export function gridCounts(f: MapFrame, points: readonly LatLon[], cols = 6): { cols: number; rows: number; cells: GridCount[]; outside: number } {
	const rows = Math.max(1, Math.round((cols * f.height) / f.width));
	const counts = Array.from({ length: rows * cols }, () => 0);
	let outside = 0;
	for (const p of points) {
		if (!frameContains(f, p)) {
			outside++;
			continue;
		}
		const [x, y] = toPixel(f, p);
		const c = Math.min(cols - 1, Math.floor((x / f.width) * cols));
		const r = Math.min(rows - 1, Math.floor((y / f.height) * rows));
		counts[r * cols + c]++;
	}
	const cells = counts.map((count, i) => {
		const row = Math.floor(i / cols);
		const col = i % cols;
		return { label: `${String.fromCharCode(65 + col)}${row + 1}`, col, row, count };
	});
	return { cols, rows, cells, outside };
}
