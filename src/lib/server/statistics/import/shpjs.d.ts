// shpjs 6 ships no types; only the two parsers we call on entries we unzipped ourselves (zip.ts limits).
declare module 'shpjs' {
	/** Geometries of a .shp (GeoJSON geometry objects, or null for null shapes); reprojects only when given a .prj. */
	export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): unknown[];
	/** Attribute records of a .dbf, decoded with the given encoding (a .cpg's content). */
	export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Record<string, unknown>[];
}
