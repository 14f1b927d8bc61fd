import { z } from 'zod';
import { requiredText, trimmed } from '../core/validate';
import { cityConceptKinds, conceptApproaches, conceptPhases, conceptTypes, decisionStates, startingDecisions } from './concept-model';

/** A year from a form ('' = none) or the API (number or null). */
const yearField = z.preprocess(
	(v) => (v === '' || v === undefined ? null : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
	z.number({ error: (iss) => (iss.code === 'invalid_type' ? 'error.number' : undefined) }).int('error.number').min(1950).max(2100).nullable()
);

export const cityConceptFields = {
	kind: z.enum(cityConceptKinds),
	title: requiredText(300),
	year: yearField,
	description: trimmed(20_000)
};
// Defaults only on create: in zod 4 a default also fills absent fields of a .partial() schema (PATCH).
export const createCityConceptInput = z.object({ ...cityConceptFields, description: cityConceptFields.description.default('') });
export const updateCityConceptInput = z.object(cityConceptFields).partial();

/** Goal codes ("1", "2.3", "B-1") are optional; when given they are unique within their concept. */
export const conceptGoalFields = {
	code: z
		.string()
		.trim()
		.max(20)
		.regex(/^([\p{L}\p{N}][\p{L}\p{N}._/-]*)?$/u, 'error.code'),
	title: requiredText(500),
	description: trimmed(10_000)
};
export const conceptGoalInput = z.object({
	...conceptGoalFields,
	code: conceptGoalFields.code.default(''),
	description: conceptGoalFields.description.default('')
});
export const updateConceptGoalInput = z.object(conceptGoalFields).partial();

const decisionInput = z.object({ state: z.enum(decisionStates), note: trimmed(5_000).default('') });

/** Checkbox groups arrive as one string or an array; the API sends an array. Duplicates are dropped. */
const approachesField = z.preprocess(
	(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
	z.array(z.enum(conceptApproaches)).max(conceptApproaches.length * 2).transform((a) => conceptApproaches.filter((x) => a.includes(x)))
);

export const districtConceptInput = z.object({
	conceptType: z.enum(conceptTypes),
	approaches: approachesField,
	integrationUnderstanding: trimmed(20_000).default(''),
	phase: z.enum(conceptPhases),
	resources: trimmed(20_000).default(''),
	decisions: z.object(Object.fromEntries(startingDecisions.map((k) => [k, decisionInput])) as Record<(typeof startingDecisions)[number], typeof decisionInput>)
});
