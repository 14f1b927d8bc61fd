import { z } from 'zod';
import { optionalId, requiredText } from '../core/validate';
import { parseBoundaryText, validateBoundary, type BoundaryGeometry } from '../../domain/geojson';

/** Codes of statistical areas ("08100101", "NK-3", "BZR/0810"): no spaces, so they work in files and URLs. */
export const codeField = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u, 'error.code');

/**
 * A boundary as GeoJSON text (forms, file uploads) or as a JSON value (API): a Polygon/MultiPolygon geometry,
 * a Feature, or a FeatureCollection with one feature, in WGS84. Empty text or null removes the boundary.
 */
export const boundaryField = z
	.unknown()
	.transform((v, ctx): BoundaryGeometry | null => {
		if (v === undefined || v === null) return null;
		const r = typeof v === 'string' ? parseBoundaryText(v) : validateBoundary(v);
		if (r === null) return null;
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: r.error });
			return z.NEVER;
		}
		return r.geometry;
	})
	.meta({
		description:
			'GeoJSON in WGS84 (RFC 7946): a Polygon or MultiPolygon geometry, a Feature, or a FeatureCollection with exactly one feature; also accepted as JSON text. Rings closed with at least 4 points, at most about 1 MB. null or "" removes the boundary. Stored as the bare geometry, exterior rings counter-clockwise.'
	});

export const districtFields = {
	name: requiredText(200),
	code: codeField,
	parentId: optionalId.optional(),
	boundary: boundaryField.optional()
};

export const createDistrictInput = z.object(districtFields);
/** PATCH semantics: absent fields stay unchanged (the form always sends every field). */
export const updateDistrictInput = z.object(districtFields).partial();

/** The API/response shape of a stored boundary. */
export const boundaryGeometrySchema = z
	.object({
		type: z.enum(['Polygon', 'MultiPolygon']),
		coordinates: z.array(z.any())
	})
	.meta({ id: 'BoundaryGeometry', description: 'GeoJSON geometry (RFC 7946, WGS84 lon/lat)' });
