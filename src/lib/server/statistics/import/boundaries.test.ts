import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBoundaries, reprojectGeometry, type BoundaryReadResult } from './boundaries';
import { crsFromName, crsFromWkt, guessCrs, transformer } from './crs';
import { findSelfIntersection, signedArea } from './geometry-check';
import { boundaryStats, polygonsOf } from '$lib/domain/geojson';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const codes = (r: BoundaryReadResult) => r.issues.map((i) => i.code);

function ok(r: BoundaryReadResult) {
	if (!r.ok) throw new Error('expected ok: ' + JSON.stringify(r.issues));
	return r;
}

describe('readBoundaries: GeoJSON', () => {
	it('reads EPSG:25832 from the crs member and reprojects to WGS84 with RFC 7946 orientation', async () => {
		const r = ok(await readBoundaries(fixture('stadtteile-25832.geojson')));
		expect([r.format, r.crs, r.crsSource, r.featureCount]).toEqual(['geojson', 'EPSG:25832', 'file', 3]);
		expect(r.features.map((f) => f.properties.name)).toEqual(['Altstadt', 'Nordviertel', 'Saaleaue']);
		const [alt, , aue] = r.features;
		expect(alt.geometry.type).toBe('Polygon');
		expect(aue.geometry.type).toBe('MultiPolygon');
		for (const f of r.features)
			for (const poly of polygonsOf(f.geometry)) poly.forEach((ring, i) => expect(signedArea(ring) > 0).toBe(i === 0));
		// Near Jena (about 11.5° E, 50.9° N); a 1 km square minus a 200 m hole is 0.96 km².
		expect(alt.bbox[0]).toBeGreaterThan(11.4);
		expect(alt.bbox[1]).toBeGreaterThan(50.8);
		expect(boundaryStats(alt.geometry).areaKm2).toBeCloseTo(0.96, 2);
	});

	it('gives the same result for the WGS84 file (detected by coordinate range) and for an explicit override', async () => {
		const a = ok(await readBoundaries(fixture('stadtteile-25832.geojson')));
		const b = ok(await readBoundaries(fixture('stadtteile-4326.geojson')));
		expect(b.crsSource).toBe('coordinates');
		expect(b.crs).toBe('EPSG:4326');
		const flat = (r: typeof a) => r.features.flatMap((f) => polygonsOf(f.geometry).flat(2));
		flat(a).forEach(([x, y], i) => {
			expect(x).toBeCloseTo(flat(b)[i][0], 6);
			expect(y).toBeCloseTo(flat(b)[i][1], 6);
		});
		const noCrs = JSON.parse(fixture('stadtteile-25832.geojson').toString());
		delete noCrs.crs;
		const c = ok(await readBoundaries(json(noCrs), { crs: 'EPSG:25832' }));
		expect(c.crsSource).toBe('override');
		expect(flat(c)).toEqual(flat(a));
	});

	it('detects EPSG:25832 and EPSG:3035 by range; refuses an ambiguous UTM zone unless a hint decides', async () => {
		const noCrs = JSON.parse(fixture('stadtteile-25832.geojson').toString());
		delete noCrs.crs;
		expect(ok(await readBoundaries(json(noCrs))).crs).toBe('EPSG:25832'); // eastings > 500 km
		const toLaea = transformer('EPSG:25832', 'EPSG:3035');
		const laea = { ...noCrs, features: noCrs.features.slice(0, 2).map((f: { geometry: { coordinates: [number, number][][] } }) => ({ ...f, geometry: { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map((p) => toLaea(p))) } })) };
		const viaLaea = ok(await readBoundaries(json(laea)));
		expect(viaLaea.crs).toBe('EPSG:3035');
		const berlin = { type: 'Polygon', coordinates: [[[390000, 5818000], [391000, 5818000], [391000, 5819000], [390000, 5819000], [390000, 5818000]]] };
		const amb = await readBoundaries(json(berlin));
		expect(codes(amb)).toEqual(['crsAmbiguous']);
		expect(amb.issues[0].params).toEqual({ candidates: 'EPSG:25832, EPSG:25833' });
		const hinted = ok(await readBoundaries(json(berlin), { near: [13.4, 52.52] }));
		expect(hinted.crs).toBe('EPSG:25833');
	});

	it('refuses unknown and unsupported CRS (e.g. Gauss-Krüger) with a clear code', async () => {
		const gk = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:31468' } }, features: [] };
		expect(codes(await readBoundaries(json({ ...gk, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] })))).toEqual(['crsUnsupported']);
		const far = { type: 'Polygon', coordinates: [[[4468000, 5400000], [4469000, 5400000], [4469000, 5401000], [4468000, 5400000]]] };
		expect(codes(await readBoundaries(json(far)))).toEqual(['crsUnknown']);
	});

	it('reports each bad feature with index, name and place, and keeps the good ones for the preview', async () => {
		const sq = [[13.40, 52.50], [13.41, 52.50], [13.41, 52.51], [13.40, 52.51], [13.40, 52.50]];
		const feature = (name: string, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: { name }, geometry: { type, coordinates } });
		const fc = {
			type: 'FeatureCollection',
			features: [
				feature('gut', [sq]),
				feature('Schleife', [[[13.40, 52.50], [13.41, 52.51], [13.41, 52.50], [13.40, 52.51], [13.40, 52.50]]]),
				feature('offen', [sq.slice(0, 4)]),
				feature('drei', [[[13.4, 52.5], [13.41, 52.5], [13.4, 52.5]]]),
				feature('kaputt', [[[13.4, 52.5], [13.41, 'x'], [13.41, 52.51], [13.4, 52.5]]]),
				feature('Loch außen', [sq, [[13.5, 52.5], [13.5, 52.51], [13.51, 52.51], [13.5, 52.5]]]),
				feature('Punkt', [13.4, 52.5], 'Point'),
				feature('Spitze', [[[13.40, 52.50], [13.42, 52.50], [13.41, 52.50], [13.41, 52.51], [13.40, 52.50]]])
			]
		};
		const r = await readBoundaries(json(fc));
		expect(r.ok).toBe(false);
		expect(r.features.map((f) => f.properties.name)).toEqual(['gut']);
		expect(r.issues.map((i) => [i.code, i.feature, i.params?.name])).toEqual([
			['selfIntersection', 1, 'Schleife'],
			['ringNotClosed', 2, 'offen'],
			['ringTooFewPoints', 3, 'drei'],
			['coordinateInvalid', 4, 'kaputt'],
			['holeOutsideShell', 5, 'Loch außen'],
			['geometryUnsupported', 6, 'Punkt'],
			['selfIntersection', 7, 'Spitze']
		]);
		// The crossing of the bow tie is at its centre.
		expect(r.issues[0].params).toMatchObject({ polygon: 1, ring: 1, lon: 13.405, lat: 52.505 });
		expect(r.issues[0].messageKey).toBe('import.selfIntersection');
	});

	it('refuses empty, non-JSON and too large input', async () => {
		expect(codes(await readBoundaries(Buffer.alloc(0)))).toEqual(['emptyFile']);
		expect(codes(await readBoundaries(Buffer.from('{"type":')))).toEqual(['geojsonInvalid']);
		expect(codes(await readBoundaries(json({ type: 'FeatureCollection', features: [] })))).toEqual(['noFeatures']);
		expect(codes(await readBoundaries(fixture('stadtteile-4326.geojson'), { limits: { maxBytes: 100 } }))).toEqual(['fileTooLarge']);
		expect(codes(await readBoundaries(fixture('stadtteile-4326.geojson'), { limits: { maxVertices: 10 } }))).toEqual(['tooManyVertices']);
	});
});

describe('readBoundaries: zipped Shapefile', () => {
	it('reads geometry, Latin-1 attributes and the CRS from the .prj (UTM 33N near Berlin)', async () => {
		const r = ok(await readBoundaries(fixture('bezirke-25833.zip')));
		expect([r.format, r.crs, r.crsSource]).toEqual(['shapefile', 'EPSG:25833', 'file']);
		expect(r.features.map((f) => f.properties)).toEqual([
			{ NAME: 'Mitte-Süd', NR: 1 },
			{ NAME: 'Köpenicker Straße', NR: 2 }
		]);
		const [a, b] = r.features;
		expect(a.bbox[0]).toBeGreaterThan(13.3);
		expect(a.bbox[0]).toBeLessThan(13.5);
		expect(polygonsOf(b.geometry)[0]).toHaveLength(2); // shell and hole
		for (const f of r.features) polygonsOf(f.geometry)[0].forEach((ring, i) => expect(signedArea(ring) > 0).toBe(i === 0));
		expect(boundaryStats(a.geometry).areaKm2).toBeCloseTo(1.8, 1); // UTM distorts areas by a few per mille
	});

	it('refuses zip bombs, archives without or with several .shp, and a broken .shp', async () => {
		const zip = fixture('bezirke-25833.zip');
		expect(codes(await readBoundaries(zip, { limits: { zip: { maxEntries: 2, maxUncompressedBytes: 1e9 } } }))).toEqual(['zipTooManyEntries']);
		expect(codes(await readBoundaries(zip, { limits: { zip: { maxEntries: 100, maxUncompressedBytes: 100 } } }))).toEqual(['zipTooLarge']);
		expect(codes(await readBoundaries(zipSync({ 'a.txt': strToU8('x') })))).toEqual(['shapefileMissing']);
		expect(codes(await readBoundaries(zipSync({ 'a.shp': new Uint8Array(100), 'b.shp': new Uint8Array(100) })))).toEqual(['shapefileMultipleLayers']);
		expect(codes(await readBoundaries(zipSync({ 'a.shp': strToU8('not a shapefile at all, clearly') })))).toEqual(['shapefileInvalid']);
	});
});

describe('crs helpers', () => {
	it('reads CRS names and WKT', () => {
		expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('EPSG:4326');
		expect(crsFromName('EPSG:3035')).toBe('EPSG:3035');
		expect(crsFromName('urn:ogc:def:crs:EPSG::4258')).toBe('EPSG:4326');
		expect(crsFromWkt('PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"],AUTHORITY["EPSG","25832"]]')).toBe('EPSG:25832');
		expect(crsFromWkt('PROJCS["ETRS_1989_LAEA",GEOGCS["GCS_ETRS_1989"],PROJECTION["Lambert_Azimuthal_Equal_Area"]]')).toBe('EPSG:3035');
		expect(crsFromWkt('PROJCS["DHDN_3_Degree_Gauss_Kruger_Zone_4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]]]]')).toBe('unsupported');
		expect(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]')).toBe('EPSG:4326');
	});

	it('reprojects a known point (Berlin TV tower) plausibly and back within centimetres', () => {
		const tower: [number, number] = [13.409444, 52.520833];
		const utm33 = transformer('EPSG:4326', 'EPSG:25833')(tower);
		// About 108 km west of the zone's central meridian (15° E), 5 820 km north of the equator.
		expect(Math.abs(utm33[0] - 392_000)).toBeLessThan(1000);
		expect(Math.abs(utm33[1] - 5_821_000)).toBeLessThan(1000);
		const back = transformer('EPSG:25833', 'EPSG:4326')(utm33);
		expect(back[0]).toBeCloseTo(tower[0], 8);
		const laea = transformer('EPSG:4326', 'EPSG:3035')(tower);
		expect(transformer('EPSG:3035', 'EPSG:4326')(laea)[1]).toBeCloseTo(tower[1], 8);
		expect(guessCrs([laea[0], laea[1], laea[0] + 10, laea[1] + 10])).toEqual({ crs: 'EPSG:3035' });
		expect(reprojectGeometry({ type: 'Polygon', coordinates: [[tower, tower, tower, tower]] }, 'EPSG:3035')[0][0][0][0]).toBeCloseTo(laea[0], 6);
	});

	it('finds no self-intersection in a simple ring and one in a figure eight', () => {
		expect(findSelfIntersection([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])).toBeNull();
		expect(findSelfIntersection([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])).toEqual([1, 1]);
	});
});
