/**
 * A small map of activities as one server-rendered SVG: the municipality's district boundaries (WGS84,
 * projected to ETRS89/UTM like the statistics maps) as orientation, activities as numbered points. The page
 * lists the same activities with their numbers and addresses, so the map is never the only way to read them.
 */
import { geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { transformer } from '../statistics/import/crs';
import type { BoundaryGeometry } from '../../domain/geojson';
import { escapeXml } from '../../domain/actors';

export interface MapPoint {
	n: number;
	lat: number;
	lon: number;
	label: string;
	stale: boolean;
}

function project(g: BoundaryGeometry, t: (p: [number, number]) => [number, number]): Geometry {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map((p) => t(p as [number, number]))) };
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => t(p as [number, number])))) };
}

export function activityMapSvg(o: { points: MapPoint[]; districts: { name: string; boundary: BoundaryGeometry }[]; title: string; width?: number }): string | null {
	if (o.points.length === 0) return null;
	const width = o.width ?? 640;
	const lons = o.points.map((p) => p.lon);
	const centre = (Math.min(...lons) + Math.max(...lons)) / 2;
	const t = transformer('EPSG:4326', centre < 12 ? 'EPSG:25832' : 'EPSG:25833');
	const pointFeatures: Feature<Geometry>[] = o.points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: t([p.lon, p.lat]) } }));
	const areaFeatures: Feature<Geometry>[] = o.districts.map((d) => ({ type: 'Feature', properties: {}, geometry: project(d.boundary, t) }));
	// Fit to the points (with some room) so a far-away district does not shrink them into one dot.
	const fitTo: FeatureCollection<Geometry> = { type: 'FeatureCollection', features: pointFeatures };
	const [[x0, y0], [x1, y1]] = geoPath(geoIdentity()).bounds(fitTo);
	const pad = Math.max(400, (x1 - x0) * 0.15, (y1 - y0) * 0.15);
	const frame: FeatureCollection<Geometry> = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad], [x0 - pad, y0 - pad]]] } }
		]
	};
	const aspect = (y1 - y0 + 2 * pad) / (x1 - x0 + 2 * pad);
	const height = Math.max(200, Math.min(700, Math.round(width * aspect)));
	const projection = geoIdentity().reflectY(true).fitExtent([[4, 4], [width - 4, height - 4]], frame).clipExtent([[0, 0], [width, height]]);
	const path = geoPath(projection).digits(0);
	const areas = areaFeatures
		.map((f, i) => {
			const d = path(f);
			return d ? `<path d="${d}" fill="#f0f4f8" stroke="#8a94a3" stroke-width="0.8"><title>${escapeXml(o.districts[i].name)}</title></path>` : '';
		})
		.join('');
	const dots = o.points
		.map((p, i) => {
			const [x, y] = projection(pointFeatures[i].geometry.type === 'Point' ? (pointFeatures[i].geometry.coordinates as [number, number]) : [0, 0]) ?? [0, 0];
			const cx = Math.round(x * 10) / 10;
			const cy = Math.round(y * 10) / 10;
			const shape = p.stale
				? `<rect x="${cx - 9}" y="${cy - 9}" width="18" height="18" fill="#fff" stroke="#b3261e" stroke-width="2"/>`
				: `<circle cx="${cx}" cy="${cy}" r="10" fill="#0b5cad" stroke="#fff" stroke-width="1.5"/>`;
			return `<g><title>${escapeXml(`${p.n}. ${p.label}`)}</title>${shape}<text x="${cx}" y="${cy}" dy="0.35em" text-anchor="middle" font-size="10" font-weight="bold" fill="${p.stale ? '#b3261e' : '#fff'}">${p.n}</text></g>`;
		})
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="activity-map-title" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">` +
		`<title id="activity-map-title">${escapeXml(o.title)}</title><rect width="100%" height="100%" fill="#fff"/><g>${areas}</g><g>${dots}</g></svg>`
	);
}
