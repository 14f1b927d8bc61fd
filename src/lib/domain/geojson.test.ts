import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundaryStats, MAX_BOUNDARY_BYTES, parseBoundaryText, selfIntersects, svgOutline, validateBoundary, type BoundaryGeometry, type Ring } from './geojson';

// A square of about 1.1 km × 1.1 km in Berlin-Neukölln, clockwise (as GIS tools often write it).
const squareCw: Ring = [
	[13.42, 52.48],
	[13.42, 52.49],
	[13.436, 52.49],
	[13.436, 52.48],
	[13.42, 52.48]
];
const polygon = { type: 'Polygon', coordinates: [squareCw] };

describe('validateBoundary', () => {
	it('accepts a Polygon geometry and winds the exterior ring counter-clockwise (RFC 7946)', () => {
		const r = validateBoundary(polygon);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.geometry.type).toBe('Polygon');
		const ring = (r.geometry as { coordinates: Ring[] }).coordinates[0];
		expect(ring).toEqual([...squareCw].reverse());
	});

	it('accepts a Feature and a FeatureCollection with exactly one feature', () => {
		expect(validateBoundary({ type: 'Feature', properties: {}, geometry: polygon }).ok).toBe(true);
		expect(validateBoundary({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: polygon }] }).ok).toBe(true);
	});

	it('rejects a FeatureCollection with zero or several features', () => {
		expect(validateBoundary({ type: 'FeatureCollection', features: [] })).toEqual({ ok: false, error: 'error.geojsonFeatureCount' });
		const f = { type: 'Feature', properties: {}, geometry: polygon };
		expect(validateBoundary({ type: 'FeatureCollection', features: [f, f] })).toEqual({ ok: false, error: 'error.geojsonFeatureCount' });
	});

	it('accepts a MultiPolygon with a hole and orients the hole clockwise', () => {
		const hole: Ring = [
			[13.425, 52.483],
			[13.43, 52.483],
			[13.43, 52.487],
			[13.425, 52.487],
			[13.425, 52.483]
		]; // counter-clockwise as given
		const r = validateBoundary({ type: 'MultiPolygon', coordinates: [[squareCw, hole]] });
		expect(r.ok).toBe(true);
		if (!r.ok || r.geometry.type !== 'MultiPolygon') throw new Error('expected MultiPolygon');
		expect(r.geometry.coordinates[0][1]).toEqual([...hole].reverse());
	});

	it('rejects other geometry types and malformed structures', () => {
		for (const v of [
			null,
			42,
			'x',
			[],
			{ type: 'Point', coordinates: [13.4, 52.5] },
			{ type: 'LineString', coordinates: squareCw },
			{ type: 'Polygon' },
			{ type: 'Polygon', coordinates: [] },
			{ type: 'Polygon', coordinates: [[[13.4, '52.5'], [13.5, 52.5], [13.5, 52.6], [13.4, '52.5']]] },
			{ type: 'MultiPolygon', coordinates: [] },
			{ type: 'Feature', geometry: null },
			{ type: 'FeatureCollection', features: 'x' }
		]) {
			expect(validateBoundary(v), JSON.stringify(v)).toEqual({ ok: false, error: 'error.geojson' });
		}
	});

	it('rejects unclosed rings and rings with fewer than four points', () => {
		expect(validateBoundary({ type: 'Polygon', coordinates: [squareCw.slice(0, 4)] })).toEqual({ ok: false, error: 'error.geojsonRing' });
		expect(validateBoundary({ type: 'Polygon', coordinates: [[[13.4, 52.5], [13.5, 52.5], [13.4, 52.5]]] })).toEqual({ ok: false, error: 'error.geojsonRing' });
		// Four points but only three distinct after removing repeated vertices.
		expect(validateBoundary({ type: 'Polygon', coordinates: [[[13.4, 52.5], [13.5, 52.5], [13.5, 52.5], [13.4, 52.5]]] })).toEqual({ ok: false, error: 'error.geojsonRing' });
	});

	it('rejects coordinates out of range, non-finite values and a projected CRS', () => {
		const shifted = squareCw.map(([x, y]) => [x + 200, y]);
		expect(validateBoundary({ type: 'Polygon', coordinates: [shifted] })).toEqual({ ok: false, error: 'error.geojsonCoordinates' });
		// ETRS89 / UTM 33N metres, a common mistake with Berlin data.
		const utm = [
			[392000, 5818000],
			[393000, 5818000],
			[393000, 5819000],
			[392000, 5818000]
		];
		expect(validateBoundary({ type: 'Polygon', coordinates: [utm] })).toEqual({ ok: false, error: 'error.geojsonCoordinates' });
		const withNaN = squareCw.map((p, i) => (i === 1 ? [Number.NaN, p[1]] : p));
		expect(validateBoundary({ type: 'Polygon', coordinates: [withNaN] })).toEqual({ ok: false, error: 'error.geojsonCoordinates' });
		expect(
			validateBoundary({ type: 'Polygon', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } }, coordinates: [squareCw] })
		).toEqual({ ok: false, error: 'error.geojsonCoordinates' });
		expect(validateBoundary({ type: 'Polygon', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }, coordinates: [squareCw] }).ok).toBe(true);
	});

	it('rejects self-intersecting rings (bow tie) and collapsed rings', () => {
		const bowTie: Ring = [
			[13.42, 52.48],
			[13.436, 52.49],
			[13.436, 52.48],
			[13.42, 52.49],
			[13.42, 52.48]
		];
		expect(validateBoundary({ type: 'Polygon', coordinates: [bowTie] })).toEqual({ ok: false, error: 'error.geojsonSelfIntersection' });
		const line: Ring = [
			[13.42, 52.48],
			[13.43, 52.48],
			[13.44, 52.48],
			[13.42, 52.48]
		];
		expect(validateBoundary({ type: 'Polygon', coordinates: [line] })).toEqual({ ok: false, error: 'error.geojsonSelfIntersection' });
		// A spike: the ring runs out and straight back along the same edge.
		const spike: Ring = [
			[13.42, 52.48],
			[13.436, 52.48],
			[13.45, 52.48],
			[13.436, 52.48],
			[13.436, 52.49],
			[13.42, 52.49],
			[13.42, 52.48]
		];
		expect(validateBoundary({ type: 'Polygon', coordinates: [spike] })).toEqual({ ok: false, error: 'error.geojsonSelfIntersection' });
	});

	it('never accepts a ring that fast-check builds as a bow tie, and accepts every convex ring', () => {
		const coord = fc.double({ min: 13, max: 14, noNaN: true });
		fc.assert(
			fc.property(fc.tuple(coord, coord), fc.double({ min: 0.001, max: 0.1, noNaN: true }), fc.double({ min: 0.001, max: 0.1, noNaN: true }), ([x, y], w, h) => {
				const box: Ring = [
					[x, y + 38],
					[x + w, y + 38],
					[x + w, y + 38 + h],
					[x, y + 38 + h],
					[x, y + 38]
				];
				const tie: Ring = [box[0], box[2], box[1], box[3], box[0]];
				expect(validateBoundary({ type: 'Polygon', coordinates: [box] }).ok).toBe(true);
				expect(selfIntersects(tie)).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('parseBoundaryText', () => {
	it('treats empty text as no boundary and rejects malformed JSON', () => {
		expect(parseBoundaryText('   ')).toBeNull();
		expect(parseBoundaryText('{"type": "Polygon",')).toEqual({ ok: false, error: 'error.geojson' });
	});

	it('rejects text over about 1 MB before parsing it', () => {
		const big = JSON.stringify({ type: 'Polygon', coordinates: [squareCw], pad: 'x'.repeat(MAX_BOUNDARY_BYTES) });
		expect(parseBoundaryText(big)).toEqual({ ok: false, error: 'error.geojsonTooLarge' });
	});

	it('parses a feature collection as exported from GIS tools', () => {
		const r = parseBoundaryText(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A' }, geometry: polygon }] }));
		expect(r?.ok).toBe(true);
	});
});

describe('boundaryStats and svgOutline', () => {
	const g = (validateBoundary(polygon) as { ok: true; geometry: BoundaryGeometry }).geometry;

	it('computes area and extent in kilometres', () => {
		const s = boundaryStats(g);
		expect(s.widthKm).toBeCloseTo(1.085, 2);
		expect(s.heightKm).toBeCloseTo(1.112, 2);
		expect(s.areaKm2).toBeCloseTo(1.085 * 1.112, 1);
		expect(s.polygons).toBe(1);
	});

	it('projects north up into a box of the requested size', () => {
		const o = svgOutline([g], 200, 10)!;
		expect(Math.max(o.width, o.height)).toBe(200);
		expect(o.paths).toHaveLength(1);
		expect(o.paths[0]).toMatch(/^M[\d.,L]+Z$/);
		// The north-west corner is at the top left.
		expect(o.paths[0]).toContain('10.0,10.0');
		expect(svgOutline([])).toBeNull();
	});
});
