/**
 * The coordinate reference systems German boundary files come in, their detection and reprojection with proj4.
 *   EPSG:4326  WGS84 lon/lat (ETRS89, EPSG:4258, is within a metre of it and treated alike)
 *   EPSG:25832 ETRS89 / UTM zone 32N (western and central Germany)
 *   EPSG:25833 ETRS89 / UTM zone 33N (eastern Germany, Berlin)
 *   EPSG:3035  ETRS89 / LAEA Europe (Zensus grid, EU statistics)
 */
import proj4 from 'proj4';

export type CrsCode = 'EPSG:4326' | 'EPSG:25832' | 'EPSG:25833' | 'EPSG:3035';
export const SUPPORTED_CRS: readonly CrsCode[] = ['EPSG:4326', 'EPSG:25832', 'EPSG:25833', 'EPSG:3035'];

const DEFS: Record<Exclude<CrsCode, 'EPSG:4326'>, string> = {
	'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'EPSG:3035': '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs'
};
for (const [code, def] of Object.entries(DEFS)) proj4.defs(code, def);

export type Transform = (p: [number, number]) => [number, number];

/** A function from `from` to `to` coordinates (x/lon first). */
export function transformer(from: CrsCode, to: CrsCode): Transform {
	if (from === to) return (p) => p;
	const conv = proj4(from, to);
	return (p) => conv.forward([p[0], p[1]]) as [number, number];
}

/** Reads a CRS name: "EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "…CRS84", "ETRS89 / UTM zone 32N". */
export function crsFromName(name: string): CrsCode | 'unsupported' {
	const n = name.trim();
	if (/CRS84$/i.test(n)) return 'EPSG:4326';
	const epsg = /EPSG\D{0,3}(\d{4,5})\b/i.exec(n);
	if (epsg) return byEpsg(epsg[1]);
	return crsFromWkt(n);
}

function byEpsg(code: string): CrsCode | 'unsupported' {
	if (code === '4326' || code === '4258') return 'EPSG:4326';
	if (code === '25832' || code === '25833' || code === '3035') return `EPSG:${code}` as CrsCode;
	return 'unsupported';
}

/** Reads the CRS of a Shapefile .prj (ESRI WKT or OGC WKT 1/2). */
export function crsFromWkt(wkt: string): CrsCode | 'unsupported' {
	// An authority code on the outermost (projected) CRS is the most reliable hint.
	const auth = /^\s*(?:PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\[[\s\S]*(?:AUTHORITY\["EPSG",\s*"(\d+)"\]|ID\["EPSG",\s*(\d+)\])\s*\]\s*$/i.exec(wkt);
	if (auth) {
		const r = byEpsg(auth[1] ?? auth[2]);
		if (r !== 'unsupported') return r;
	}
	const w = wkt.replace(/[\s_]+/g, ' ').toUpperCase();
	const isProjected = /^\s*PROJ(CS|CRS)\[/.test(w);
	const etrsOrWgs = /ETRS|ETRF|WGS 1984|WGS 84|WGS84|GRS 1980|GRS80/.test(w);
	if (!isProjected) return /GEOG(CS|CRS)|GEODCRS/.test(w) && etrsOrWgs ? 'EPSG:4326' : 'unsupported';
	if (!etrsOrWgs) return 'unsupported'; // e.g. DHDN / Gauss-Krüger
	if (/UTM ZONE 32 ?N|UTM ZONE 32\b/.test(w)) return 'EPSG:25832';
	if (/UTM ZONE 33 ?N|UTM ZONE 33\b/.test(w)) return 'EPSG:25833';
	if (/LAEA|LAMBERT AZIMUTHAL EQUAL AREA/.test(w)) return 'EPSG:3035';
	return 'unsupported';
}

export type BBox = [number, number, number, number];

export type CrsGuess = { crs: CrsCode } | { ambiguous: CrsCode[] } | { unknown: true };

/**
 * Guesses the CRS from the extent of the coordinates (Germany and its neighbours). UTM 32 and 33 overlap in
 * eastings between about 280 and 500 km; there the hint (a lon/lat near the area, e.g. the municipality's
 * centre) decides, otherwise the guess is ambiguous and the user must say which.
 */
export function guessCrs(b: BBox, hint?: [number, number]): CrsGuess {
	const [x0, y0, x1, y1] = b;
	if (x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90) return { crs: 'EPSG:4326' };
	if (x0 >= 3_800_000 && x1 <= 5_000_000 && y0 >= 2_500_000 && y1 <= 3_800_000) return { crs: 'EPSG:3035' };
	if (y0 >= 5_100_000 && y1 <= 6_200_000 && x0 >= 0 && x1 <= 1_000_000) {
		const both: CrsCode[] = ['EPSG:25832', 'EPSG:25833'];
		if (hint) {
			const centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
			const dist = both.map((c) => distanceKm(transformer(c, 'EPSG:4326')(centre), hint));
			const best = dist[0] < dist[1] ? 0 : 1;
			if (dist[best] < 150) return { crs: both[best] };
		}
		if (x0 >= 500_000) return { crs: 'EPSG:25832' }; // east of 500 km in zone 33 is Poland/Czechia
		if (x1 <= 280_000) return { crs: 'EPSG:25833' }; // west of 280 km in zone 32 is France/Benelux
		return { ambiguous: both };
	}
	return { unknown: true };
}

function distanceKm(a: [number, number], b: [number, number]): number {
	const rad = Math.PI / 180;
	const dx = (a[0] - b[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
	const dy = (a[1] - b[1]) * rad;
	return 6371 * Math.hypot(dx, dy);
}
