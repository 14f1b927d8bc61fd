import { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors';

/**
 * Parses hostile input with a zod schema. Custom refinements use catalogue keys as messages
 * ("error.…"); zod's own messages are translated later by the route from the issue code.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw new ValidationError(issuesToFieldErrors(result.error.issues));
}

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of issues) {
		const path = issue.path.length ? issue.path.join('.') : '_form';
		(out[path] ??= []).push(issueMessageKey(issue));
	}
	return out;
}

/** Maps a zod issue to a message key of our catalogue, keeping custom keys as they are. */
export function issueMessageKey(issue: z.core.$ZodIssue): string {
	if (issue.message?.startsWith('error.')) return issue.message;
	switch (issue.code) {
		case 'too_big':
			return issue.origin === 'string' ? 'error.tooLong' : 'error.tooBig';
		case 'too_small':
			if (issue.origin === 'string') return issue.minimum === 1 ? 'error.required' : 'error.tooShort';
			if (issue.origin === 'array') return 'error.required';
			return 'error.tooSmall';
		case 'invalid_type':
			return issue.input === undefined || issue.input === null ? 'error.required' : 'error.invalid';
		case 'invalid_format':
			if (issue.format === 'email') return 'error.email';
			if (issue.format === 'date') return 'error.date';
			if (issue.format === 'uuid') return 'error.unknownReference';
			return 'error.invalid';
		case 'invalid_value':
			return 'error.invalidChoice';
		default:
			return 'error.invalid';
	}
}

// Shared field shapes for forms and the API (form fields arrive as strings, often empty).
export const trimmed = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalDate = z.preprocess(
	(v) => (v === '' || v === undefined ? null : v),
	z.iso.date().nullable()
);
export const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.uuid().nullable());
/** Checkbox from a form ('on'), or a JSON boolean from the API. */
export const flag = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
export const idList = z.preprocess(
	(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
	z.array(z.uuid()).max(200)
);
