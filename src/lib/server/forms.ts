import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError, ValidationError, type FieldErrors } from './core/errors';
import type { CommandContext } from './core/command';
import type { Principal } from './core/actor';

export type FormValues = Record<string, string | string[]>;
export interface FormFailure {
	errors: FieldErrors;
	values: FormValues;
}

/** Form data as a plain object for zod; repeated names become arrays, files and the CSRF field are dropped. */
export function formValues(fd: FormData, multi: readonly string[] = []): FormValues {
	const out: FormValues = {};
	for (const [k, v] of fd.entries()) {
		if (k === '_csrf' || typeof v !== 'string') continue;
		if (multi.includes(k)) ((out[k] ??= []) as string[]).push(v);
		else if (k in out) {
			const prev = out[k];
			out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
		} else out[k] = v;
	}
	for (const k of multi) out[k] ??= [];
	return out;
}

/** The command context of a tenant page (/m/<slug>/…): login required, membership required (else 404). */
export function tenantContext(locals: App.Locals, url?: URL): CommandContext & { principal: Principal; municipalityId: string } {
	if (!locals.user) redirect(303, `/login${url ? `?next=${encodeURIComponent(url.pathname + url.search)}` : ''}`);
	if (!locals.principal || !locals.municipality) error(404, 'Not Found');
	return { db: locals.db, principal: locals.principal, municipalityId: locals.municipality.id, requestId: locals.requestId };
}

/**
 * Turns a domain error from a command into a form failure (the form is shown again with the values and
 * German messages next to the fields) or the matching error page. Anything else is rethrown (500).
 */
export function failFromError(e: unknown, values: FormValues): ActionFailure<FormFailure> {
	if (e instanceof ValidationError) return fail(422, { errors: e.fieldErrors, values });
	if (e instanceof ConflictError) return fail(409, { errors: { [e.field ?? '_form']: [e.messageKey] }, values });
	if (e instanceof RateLimitError) return fail(429, { errors: { _form: ['error.rateLimited'] }, values });
	if (e instanceof NotFoundError) error(404, 'Not Found');
	if (e instanceof ForbiddenError) error(403, 'Forbidden');
	throw e;
}

/** Loads in routes call this to turn NotFound/Forbidden from repositories into 404/403 pages. */
export async function orError<T>(p: Promise<T>): Promise<T> {
	try {
		return await p;
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not Found');
		if (e instanceof ForbiddenError) error(403, 'Forbidden');
		throw e;
	}
}
