/**
 * The map of a district's measures as one server-rendered SVG (no JavaScript, no third-party tiles): the district
 * boundary (WGS84, projected to ETRS89/UTM like the statistics maps) and the measures with a site as numbered
 * points. The page lists the same measures with their numbers beside the map, so the map is never the only way
 * to read them.
 */
import { geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { transformer } from '../statistics/import/crs';
import type { BoundaryGeometry } from '../../domain/geojson';
import { escapeXml } from '../../domain/actors';

export interface PortalMapPoint {
	n: number;
	lat: number;
	lon: number;
	label: string;
}

function project(g: BoundaryGeometry, t: (p: [number, number]) => [number, number]): Geometry {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map((p) => t(p as [number, number]))) };
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => t(p as [number, number])))) };
}

function lonsOf(g: BoundaryGeometry): number[] {
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	return polys.flatMap((poly) => poly[0].map((p) => p[0]));
}

/** null when there is nothing to draw (no boundary and no located measure). */
export function portalMapSvg(o: { boundary: BoundaryGeometry | null; districtName: string; points: PortalMapPoint[]; title: string; width?: number }): string | null {
	if (!o.boundary && o.points.length === 0) return null;
	const width = o.width ?? 640;
	const lons = [...o.points.map((p) => p.lon), ...(o.boundary ? lonsOf(o.boundary) : [])];
	const centre = (Math.min(...lons) + Math.max(...lons)) / 2;
	const t = transformer('EPSG:4326', centre < 12 ? 'EPSG:25832' : 'EPSG:25833');
	const pointFeatures: Feature<Geometry>[] = o.points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: t([p.lon, p.lat]) } }));
	const area: Feature<Geometry> | null = o.boundary ? { type: 'Feature', properties: {}, geometry: project(o.boundary, t) } : null;
	const all: FeatureCollection<Geometry> = { type: 'FeatureCollection', features: [...(area ? [area] : []), ...pointFeatures] };
	const [[x0, y0], [x1, y1]] = geoPath(geoIdentity()).bounds(all);
	const pad = Math.max(150, (x1 - x0) * 0.05, (y1 - y0) * 0.05);
	const frame: FeatureCollection<Geometry> = {
		type: 'FeatureCollection',
		features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad], [x0 - pad, y0 - pad]]] } }]
	};
	const aspect = (y1 - y0 + 2 * pad) / (x1 - x0 + 2 * pad);
	const height = Math.max(220, Math.min(720, Math.round(width * aspect)));
	const projection = geoIdentity().reflectY(true).fitExtent([[4, 4], [width - 4, height - 4]], frame);
	const path = geoPath(projection).digits(1);
	const d = area ? path(area) : null;
	const boundary = d ? `<path d="${d}" fill="#eef3f8" stroke="#44546a" stroke-width="1.5"><title>${escapeXml(o.districtName)}</title></path>` : '';
	const dots = o.points
		.map((p, i) => {
			const g = pointFeatures[i].geometry;
			const [x, y] = projection(g.type === 'Point' ? (g.coordinates as [number, number]) : [0, 0]) ?? [0, 0];
			const cx = Math.round(x * 10) / 10;
			const cy = Math.round(y * 10) / 10;
			return `<g><title>${escapeXml(`${p.n}. ${p.label}`)}</title><circle cx="${cx}" cy="${cy}" r="11" fill="#0b5cad" stroke="#fff" stroke-width="1.5"/><text x="${cx}" y="${cy}" dy="0.35em" text-anchor="middle" font-size="11" font-weight="bold" fill="#fff">${p.n}</text></g>`;
		})
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="portal-map-title" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">` +
		`<title id="portal-map-title">${escapeXml(o.title)}</title><rect width="100%" height="100%" fill="#fff"/><g>${boundary}</g><g>${dots}</g></svg>`
	);
}
