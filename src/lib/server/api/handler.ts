import type { RequestEvent } from '@sveltejs/kit';
import type { Principal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError, ValidationError } from '../core/errors';
import { log } from '../core/log';
import { negotiateLocale, translate, type Locale } from '../../i18n';
import { problemResponse } from './problem';

const MAX_JSON_BYTES = 1_000_000;

export interface ApiContext extends CommandContext {
	principal: Principal;
	municipalityId: string;
	locale: Locale;
	event: RequestEvent;
}

/**
 * Wraps an /api/v1 handler: requires a bearer token (resolved in hooks), and turns domain errors into
 * RFC 9457 problem+json with a 4xx status. Unexpected errors are logged with the request id and answered 500.
 */
export async function api(event: RequestEvent, body: (ctx: ApiContext) => Promise<Response>): Promise<Response> {
	const { locals } = event;
	const locale = negotiateLocale(event.request.headers.get('accept-language'));
	if (!locals.principal) {
		return problemResponse(401, 'unauthorized', 'An API token is required (Authorization: Bearer …).', locals.requestId, {}, { 'www-authenticate': 'Bearer' });
	}
	try {
		return await body({ db: locals.db, principal: locals.principal, municipalityId: locals.principal.municipalityId, requestId: locals.requestId, locale, event });
	} catch (e) {
		return problemFromError(e, locale, locals.requestId);
	}
}

export function problemFromError(e: unknown, locale: Locale, requestId: string): Response {
	if (e instanceof ValidationError) {
		const errors = Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, v.map((m) => translate(locale, m))]));
		return problemResponse(422, 'validation', 'The request contains invalid fields.', requestId, { errors });
	}
	if (e instanceof NotFoundError) return problemResponse(404, 'not-found', `${e.entity} not found.`, requestId);
	if (e instanceof ForbiddenError) return problemResponse(403, 'forbidden', 'You may not do this.', requestId);
	if (e instanceof ConflictError) {
		return problemResponse(409, 'conflict', translate(locale, e.messageKey), requestId, e.field ? { errors: { [e.field]: [translate(locale, e.messageKey)] } } : {});
	}
	if (e instanceof RateLimitError) {
		return problemResponse(429, 'rate-limited', 'Too many requests.', requestId, {}, { 'retry-after': String(e.retryAfterSeconds) });
	}
	if (e instanceof ApiInputError) return problemResponse(e.status, e.type, e.message, requestId);
	log('error', 'api error', { requestId, error: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) });
	return problemResponse(500, 'internal', 'Unexpected error.', requestId);
}

export class ApiInputError extends Error {
	constructor(readonly status: number, readonly type: string, message: string) {
		super(message);
	}
}

/** Reads a JSON body with a size cap; malformed or oversized bodies are 400/413, never a 500. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') throw new ApiInputError(415, 'unsupported-media-type', 'Send application/json.');
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) throw new ApiInputError(413, 'too-large', `The body exceeds ${maxBytes} bytes.`);
	const text = await request.text();
	if (Buffer.byteLength(text) > maxBytes) throw new ApiInputError(413, 'too-large', `The body exceeds ${maxBytes} bytes.`);
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiInputError(400, 'malformed-json', 'The body is not valid JSON.');
	}
}

export const jsonResponse = (data: unknown, status = 200, headers: Record<string, string> = {}): Response =>
	new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
