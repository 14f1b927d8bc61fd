/**
 * A choropleth map as one standalone SVG, rendered on the server: boundaries (stored in WGS84) are
 * projected to ETRS89/UTM metres with proj4 (zone 32 or 33 by the map's centre, as German offices draw
 * them) and drawn planar with d3-geo's geoIdentity().reflectY(true), fitted to the drawing area — planar
 * drawing also makes ring orientation irrelevant. Every area is one <path> with a <title> (name, code,
 * value or the official sign); suppressed or missing areas are white with a hatch, so they are never read
 * as a low value. The legend lists the classes with their bounds; the page puts the full data table beside
 * the map.
 */
import { geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { transformer } from '../import/crs';
import type { BoundaryGeometry } from '../../../domain/geojson';
import { classOf, NO_DATA_FILL, type ClassBreaks } from './classes';
import { xml } from './format';
import { wrap } from './charts';

export interface MapArea {
	id: string;
	code: string;
	name: string;
	geometry: BoundaryGeometry;
	value: number | null;
	/** the value as the reader sees it (formatted, or the official sign) */
	text: string;
}

export interface ChoroplethOptions {
	id: string;
	title: string;
	subtitle?: string;
	areas: MapArea[];
	classes: ClassBreaks | null;
	/** legend label per class (same order as classes.colors) */
	classLabels: string[];
	noDataLabel: string;
	legendTitle: string;
	source: string;
	ariaLabel: string;
	width?: number;
}

function project(g: BoundaryGeometry, t: (p: [number, number]) => [number, number]): Geometry {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map((p) => t(p as [number, number]))) };
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => t(p as [number, number])))) };
}

function centreLon(areas: MapArea[]): number {
	let min = Infinity;
	let max = -Infinity;
	for (const a of areas) {
		const polys = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
		for (const poly of polys) for (const [lon] of poly[0]) (min = Math.min(min, lon)), (max = Math.max(max, lon));
	}
	return (min + max) / 2;
}

export function choroplethSvg(o: ChoroplethOptions): string {
	const width = o.width ?? 760;
	const mapWidth = width;
	const t = transformer('EPSG:4326', centreLon(o.areas) < 12 ? 'EPSG:25832' : 'EPSG:25833');
	const features: Feature<Geometry, { i: number }>[] = o.areas.map((a, i) => ({ type: 'Feature', properties: { i }, geometry: project(a.geometry, t) }));
	const fc: FeatureCollection<Geometry, { i: number }> = { type: 'FeatureCollection', features };

	// Height follows the areas' aspect ratio so the map is never distorted.
	const [[x0, y0], [x1, y1]] = geoPath(geoIdentity()).bounds(fc);
	const aspect = x1 > x0 ? (y1 - y0) / (x1 - x0) : 1;
	const mapHeight = Math.max(120, Math.min(900, Math.ceil((mapWidth - 20) * aspect) + 20));
	const top = o.subtitle ? 58 : 36;
	const projection = geoIdentity().reflectY(true).fitExtent([[10, top + 10], [mapWidth - 10, top + mapHeight - 10]], fc);
	const path = geoPath(projection).digits(1);

	const paths = o.areas
		.map((a, i) => {
			const d = path(features[i]);
			if (!d) return '';
			const shown = a.value !== null && o.classes;
			const fill = shown ? o.classes!.colors[classOf(a.value as number, o.classes!)] : `url(#${o.id}-hatch)`;
			return `<path d="${d}" fill="${fill}" stroke="#5f6b7a" stroke-width="0.4" data-code="${xml(a.code)}"><title>${xml(`${a.name} (${a.code}): ${a.text}`)}</title></path>`;
		})
		.join('');

	// Legend below the map: one swatch per class, then "no figure".
	const legendTop = top + mapHeight + 14;
	const items = [
		...(o.classes ? o.classes.colors.map((c, k) => ({ fill: c, label: o.classLabels[k] ?? '' })) : []),
		{ fill: `url(#${o.id}-hatch)`, label: o.noDataLabel }
	];
	const legend =
		`<text x="10" y="${legendTop + 12}" font-size="12" font-weight="bold">${xml(o.legendTitle)}</text>` +
		items
			.map(
				(it, k) =>
					`<rect x="10" y="${legendTop + 22 + k * 20}" width="22" height="14" fill="${it.fill}" stroke="#5f6b7a" stroke-width="0.6"/>` +
					`<text x="40" y="${legendTop + 33 + k * 20}" font-size="12">${xml(it.label)}</text>`
			)
			.join('');
	const sourceLines = wrap(o.source, Math.floor(width / 6.2));
	const height = legendTop + 22 + items.length * 20 + 10 + sourceLines.length * 13;

	return (
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
		`aria-labelledby="${o.id}-title" direction="ltr" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#1a1a1a">` +
		`<title id="${o.id}-title">${xml(o.ariaLabel)}</title>` +
		`<defs><pattern id="${o.id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
		`<rect width="6" height="6" fill="${NO_DATA_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a94a3" stroke-width="1.2"/></pattern></defs>` +
		`<rect width="100%" height="100%" fill="#ffffff"/>` +
		`<text x="10" y="20" font-size="16" font-weight="bold">${xml(o.title)}</text>` +
		(o.subtitle ? `<text x="10" y="40" font-size="12">${xml(o.subtitle)}</text>` : '') +
		`<g class="areas">${paths}</g><g class="legend">${legend}</g>` +
		sourceLines.map((l, i) => `<text x="10" y="${legendTop + 22 + items.length * 20 + 12 + i * 13}" font-size="10" fill="#444">${xml(l)}</text>`).join('') +
		'</svg>'
	);
}
