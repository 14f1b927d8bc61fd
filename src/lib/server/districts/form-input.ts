import { ValidationError } from '../core/errors';
import { formValues, type FormValues } from '../forms';
import { MAX_BOUNDARY_BYTES } from '../../domain/geojson';

/**
 * The district form's values: the boundary comes from the text field or, if one was chosen, from an uploaded
 * GeoJSON file, which then replaces the text (and is shown in the text field if the form comes back with errors).
 */
export async function districtFormValues(request: Request): Promise<{ values: FormValues; check(): void }> {
	const fd = await request.formData();
	const values = formValues(fd);
	const file = fd.get('boundaryFile');
	let tooLarge = false;
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_BOUNDARY_BYTES) tooLarge = true;
		else values.boundary = await file.text();
	}
	return {
		values,
		/** Throws the file's error inside the action's try, so the form comes back with the other values. */
		check() {
			if (tooLarge) throw new ValidationError({ boundary: ['error.geojsonTooLarge'] });
		}
	};
}

/** Flat form names "decisions.<key>.state" become the nested object the district concept command expects. */
export function nestDotted(values: FormValues): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) {
		const parts = k.split('.');
		if (parts.length === 1 || parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) {
			if (parts.length === 1) out[k] = v;
			continue;
		}
		let node = out;
		for (const p of parts.slice(0, -1)) {
			const next = node[p];
			node = (typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (node[p] = {})) as Record<string, unknown>;
		}
		node[parts[parts.length - 1]] = v;
	}
	return out;
}
