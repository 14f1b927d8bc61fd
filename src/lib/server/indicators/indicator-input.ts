import { z } from 'zod';
import { flag, requiredText, trimmed } from '../core/validate';
import { boundaryField, codeField } from '../districts/district-input';

export const directions = ['higher_is_better', 'higher_is_worse', 'neutral'] as const;
export type Direction = (typeof directions)[number];

export const valueKinds = ['count', 'share', 'other'] as const;
export type ValueKind = (typeof valueKinds)[number];

/** Spatial levels of statistical areas (free text is allowed too; these are the usual ones). */
export const areaLevels = ['block', 'planning-area', 'district-region', 'forecast-area', 'borough', 'city', 'grid-100m', 'other'] as const;

const key = z
	.string()
	.trim()
	.min(1)
	.max(60)
	.regex(/^[a-z][a-z0-9_]*$/, 'error.code');

const intFromForm = (min: number, max: number) =>
	z.preprocess((v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v), z.number().int().min(min).max(max));

const numberFromForm = z.preprocess((v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v.replace(',', '.')) : v), z.number().positive().max(1e9));

/** An indicator of the catalogue (forms send strings; the API sends JSON types). */
export const indicatorFields = {
	key,
	name: requiredText(200),
	unit: trimmed(40).default(''),
	definition: trimmed(4000).default(''),
	numeratorDescription: trimmed(1000).default(''),
	denominatorDescription: trimmed(1000).default(''),
	source: trimmed(1000).default(''),
	spatialLevel: trimmed(60).default(''),
	direction: z.enum(directions),
	valueKind: z.enum(valueKinds).default('other'),
	disclosureMin: intFromForm(1, 1000).default(3),
	scale: numberFromForm.default(100),
	topic: trimmed(60).default(''),
	sortOrder: intFromForm(0, 1_000_000).default(0)
};

export const createIndicatorInput = z.object(indicatorFields);

/** PATCH: every field optional, no defaults (absent fields stay as they are). */
export const updateIndicatorInput = z.object({
	key: key.optional(),
	name: requiredText(200).optional(),
	unit: trimmed(40).optional(),
	definition: trimmed(4000).optional(),
	numeratorDescription: trimmed(1000).optional(),
	denominatorDescription: trimmed(1000).optional(),
	source: trimmed(1000).optional(),
	spatialLevel: trimmed(60).optional(),
	direction: z.enum(directions).optional(),
	valueKind: z.enum(valueKinds).optional(),
	disclosureMin: intFromForm(1, 1000).optional(),
	scale: numberFromForm.optional(),
	topic: trimmed(60).optional(),
	sortOrder: intFromForm(0, 1_000_000).optional()
});

/** Statistical areas are saved in batches (from a boundary or code list import), matched by code. */
export const saveAreasInput = z.object({
	areas: z
		.array(
			z.object({
				code: codeField,
				name: requiredText(200),
				level: trimmed(60).min(1),
				parentCode: codeField.nullish(),
				boundary: boundaryField.optional(),
				population: z.number().int().min(0).nullish()
			})
		)
		.min(1)
		.max(20_000)
});

export const linkDistrictAreasInput = z.object({
	districtId: z.uuid(),
	areaIds: z.array(z.uuid()).max(20_000)
});

const finiteOrNull = z.number().finite().nullable().default(null);

/** One observation as the API or a mapped import delivers it. */
export const observationInput = z.object({
	indicatorId: z.uuid(),
	areaId: z.uuid(),
	period: z
		.string()
		.trim()
		.regex(/^(19|20|21)\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'error.invalid'),
	value: finiteOrNull,
	numerator: finiteOrNull,
	denominator: finiteOrNull,
	suppressed: flag.default(false),
	estimated: flag.default(false),
	provisional: flag.default(false),
	limited: flag.default(false)
});

export const upsertObservationsInput = z.object({
	observations: z.array(observationInput).min(1).max(1_000_000)
});

export { z };
