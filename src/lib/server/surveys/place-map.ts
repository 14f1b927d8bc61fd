/**
 * The map of a survey's place questions, rendered on the server as one SVG (no JavaScript, no third-party tiles),
 * with d3-geo like the portal and activity maps, but through the survey's own frame projection
 * (domain/surveys/place-map), so a click on the picture converts back to exactly the coordinate under it.
 * Used as the clickable <input type="image"> of the public form and the kiosk, and with counts per grid cell
 * on the results page.
 */
import { geoPath, geoTransform } from 'd3-geo';
import type { Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { BoundaryGeometry } from '../../domain/geojson';
import { escapeXml } from '../../domain/actors';
import { boundsOf, mapFrame, toPixel, type LatLon, type MapFrame } from '../../domain/surveys/place-map';
import { placeMapAreas } from './surveys.repository';
import { publicContentVersion } from '../portal/public-content';

export interface PlaceMap {
	frame: MapFrame;
	/** The areas as SVG paths in the frame's pixels (the geometry itself is not kept). */
	areas: { name: string; d: string }[];
}

/**
 * Built maps by municipality, district and the municipality's public content version: every audited change
 * (a district's or a statistical area's boundary among them) bumps that version, so a changed boundary is drawn
 * on the next request, in every process. The version is one indexed lookup; reading, parsing and projecting the
 * boundaries (542 planning areas for Berlin) happens once per version instead of on every form page, click,
 * picture and answer. Concurrent requests share one build.
 */
const built = new Map<string, Promise<PlaceMap | null>>();
const MAX_MAPS = 16;

/** The map of a survey (its district, else the municipality's districts or planning areas); null when no area has a boundary. */
export async function loadPlaceMap(db: Kysely<Database>, municipalityId: string, districtId: string | null): Promise<PlaceMap | null> {
	const key = `${municipalityId}|${districtId ?? ''}|${await publicContentVersion(db, municipalityId)}`;
	let entry = built.get(key);
	if (entry) {
		built.delete(key);
		built.set(key, entry);
		return entry;
	}
	entry = buildPlaceMap(db, municipalityId, districtId);
	built.set(key, entry);
	entry.catch(() => built.delete(key));
	while (built.size > MAX_MAPS) built.delete(built.keys().next().value!);
	return entry;
}

async function buildPlaceMap(db: Kysely<Database>, municipalityId: string, districtId: string | null): Promise<PlaceMap | null> {
	const areas = await placeMapAreas(db, municipalityId, districtId);
	const box = boundsOf(areas.map((a) => a.boundary));
	if (!box) return null;
	const frame = mapFrame(box);
	const projection = geoTransform({
		point(lon, lat) {
			const [x, y] = toPixel(frame, { lat, lon });
			this.stream.point(x, y);
		}
	});
	const path = geoPath(projection).digits(1);
	return {
		frame,
		areas: areas.flatMap((a) => {
			const d = path(a.boundary as Geometry);
			return d ? [{ name: a.name, d }] : [];
		})
	};
}

const areaPaths = (m: PlaceMap, stroke: string): string =>
	m.areas.map((a) => `<path d="${a.d}" fill="#eef3f8" stroke="${stroke}" stroke-width="1.2"><title>${escapeXml(a.name)}</title></path>`).join('');

const open = (f: MapFrame, title: string, id: string) =>
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img" aria-labelledby="${id}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">` +
	`<title id="${id}">${escapeXml(title)}</title><rect width="100%" height="100%" fill="#fff"/>`;

/** The clickable map: the areas, and the chosen place as a marker (a pin with a white ring, visible on any fill). */
export function placeMapSvg(m: PlaceMap, o: { title: string; marker?: LatLon | null }): string {
	const f = m.frame;
	let marker = '';
	if (o.marker) {
		const [x, y] = toPixel(f, o.marker).map((n) => Math.round(n * 10) / 10);
		if (x >= 0 && x <= f.width && y >= 0 && y <= f.height)
			marker = `<g><circle cx="${x}" cy="${y}" r="9" fill="#b3261e" stroke="#fff" stroke-width="3"/><circle cx="${x}" cy="${y}" r="2.5" fill="#fff"/></g>`;
	}
	return `${open(f, o.title, 'place-map-title')}<g>${areaPaths(m, '#44546a')}</g>${marker}<rect width="100%" height="100%" fill="none" stroke="#8a94a3"/></svg>`;
}

/**
 * The results map: the areas under a grid whose cells carry their (already disclosure-controlled) counts.
 * Cells without a figure to show (empty or suppressed) are left blank, so the picture never hints at 1–4 answers.
 */
export function resultsMapSvg(m: PlaceMap, o: { id: string; title: string; cols: number; rows: number; cells: { label: string; col: number; row: number; value: number | null; text: string }[] }): string {
	const f = m.frame;
	const cw = f.width / o.cols;
	const ch = f.height / o.rows;
	const max = Math.max(1, ...o.cells.map((c) => c.value ?? 0));
	const r1 = (n: number) => Math.round(n * 10) / 10;
	const grid = o.cells
		.map((c) => {
			const x = r1(c.col * cw);
			const y = r1(c.row * ch);
			const shown = c.value !== null && c.value > 0;
			const fill = shown ? `fill="#0b5cad" fill-opacity="${(0.2 + 0.6 * ((c.value as number) / max)).toFixed(2)}"` : 'fill="none"';
			const label = `<text x="${r1(x + 3)}" y="${r1(y + 11)}" font-size="9" fill="#44546a">${c.label}</text>`;
			const figure = shown ? `<text x="${r1(x + cw / 2)}" y="${r1(y + ch / 2)}" dy="0.35em" text-anchor="middle" font-size="13" font-weight="bold" fill="#fff" stroke="#0b3d73" stroke-width="0.6">${escapeXml(c.text)}</text>` : '';
			return `<g><title>${escapeXml(`${c.label}: ${c.text}`)}</title><rect x="${x}" y="${y}" width="${r1(cw)}" height="${r1(ch)}" ${fill} stroke="#8a94a3" stroke-width="0.5"/>${label}${figure}</g>`;
		})
		.join('');
	return `${open(f, o.title, `${o.id}-title`)}<g>${areaPaths(m, '#8a94a3')}</g><g>${grid}</g></svg>`.replace('width="' + f.width + '" height="' + f.height + '"', 'width="100%"');
}

/** What the form needs to show the clickable map: the picture's address (without marker), size, frame and area name. */
export interface PlaceMapView {
	src: string;
	width: number;
	height: number;
	frame: MapFrame;
	area: string;
}

/** The map view for a public page; null when the survey asks no place question or has no map. */
export async function placeMapView(
	db: Kysely<Database>,
	survey: { publicToken: string; municipalityId: string; districtId: string | null; municipalityName: string },
	questions: readonly { kind: string }[],
	language: string
): Promise<PlaceMapView | null> {
	if (!questions.some((q) => q.kind === 'place')) return null;
	const map = await loadPlaceMap(db, survey.municipalityId, survey.districtId);
	if (!map) return null;
	return {
		src: `/s/${survey.publicToken}/map?lang=${encodeURIComponent(language)}`,
		width: map.frame.width,
		height: map.frame.height,
		frame: map.frame,
		area: map.areas.length === 1 ? map.areas[0].name : survey.municipalityName
	};
}
