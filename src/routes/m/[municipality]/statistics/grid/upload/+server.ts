import { error, json } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import type { RequestEvent, RequestHandler } from './$types';
import { tenantContext } from '$lib/server/forms';
import { translate } from '$lib/i18n';
import { canImportStatistics } from '$lib/server/indicators/policies';
import { uploadLimitBytes } from '$lib/server/indicators/import-wizard';
import { appendUploadChunk, createUploadSession, findUploadSession, gridChunkBytes, gridUploadMaxBytes, isUploadId, removeUploadSession } from '$lib/server/indicators/grid-uploads';
import { MB } from '$lib/server/statistics/import/input';

/**
 * Chunked, resumable upload of a grid file (used by the grid import page with JavaScript; without JavaScript
 * the form carries the file, up to the body limit). Scoped to the municipality and the user:
 * - POST   {fileName, size}                 → {id, received: 0, chunkBytes}
 * - GET    ?id=…                            → {id, received, size}        (to resume after an error)
 * - PUT    ?id=…&offset=<received> raw bytes → {id, received, size, complete}; a wrong offset → 409 with the state
 * - DELETE ?id=…                            → 204
 * Every call needs the session's CSRF token in the `x-csrf-token` header (these are not form posts).
 */
function guard(event: RequestEvent) {
	const ctx = tenantContext(event.locals, event.url);
	if (!canImportStatistics(ctx.principal)) error(403, 'Forbidden');
	if (event.request.method !== 'GET') {
		const sent = Buffer.from(event.request.headers.get('x-csrf-token') ?? '');
		const want = Buffer.from(event.locals.csrfToken ?? '');
		if (!want.length || sent.length !== want.length || !timingSafeEqual(sent, want)) error(403, 'Forbidden');
	}
	return { ctx, userId: ctx.principal.userId };
}

const problem = (event: RequestEvent, status: number, key: string, params?: Record<string, string | number>, extra: Record<string, unknown> = {}) =>
	json({ error: translate(event.locals.locale, key, params), ...extra }, { status });

const uploadId = (event: RequestEvent) => {
	const id = event.url.searchParams.get('id') ?? '';
	if (!isUploadId(id)) error(404, 'Not Found');
	return id;
};

export const POST: RequestHandler = async (event) => {
	const { ctx, userId } = guard(event);
	let body: { fileName?: unknown; size?: unknown };
	try {
		body = await event.request.json();
	} catch {
		return problem(event, 400, 'error.invalid');
	}
	const size = typeof body.size === 'number' ? body.size : NaN;
	const fileName = typeof body.fileName === 'string' ? body.fileName.trim().slice(0, 255) : '';
	const max = gridUploadMaxBytes();
	if (!fileName || !Number.isSafeInteger(size) || size <= 0) return problem(event, 422, 'import.emptyFile');
	if (size > max) return problem(event, 413, 'import.fileTooLarge', { maxMb: Math.round(max / MB) });
	const s = await createUploadSession(ctx.municipalityId, userId, fileName, size);
	if (!s) return problem(event, 422, 'error.invalid');
	return json({ id: s.id, received: 0, size: s.size, chunkBytes: gridChunkBytes(uploadLimitBytes()) }, { status: 201 });
};

export const GET: RequestHandler = async (event) => {
	const { ctx, userId } = guard(event);
	const s = await findUploadSession(ctx.municipalityId, userId, uploadId(event));
	if (!s) error(404, 'Not Found');
	return json({ id: s.id, received: s.received, size: s.size, complete: s.complete });
};

export const PUT: RequestHandler = async (event) => {
	const { ctx, userId } = guard(event);
	const id = uploadId(event);
	const offset = Number(event.url.searchParams.get('offset'));
	if (!Number.isSafeInteger(offset) || offset < 0) return problem(event, 400, 'error.invalid');
	const declared = Number(event.request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > gridChunkBytes(uploadLimitBytes())) return problem(event, 413, 'error.tooLarge');
	let chunk: Uint8Array;
	try {
		chunk = new Uint8Array(await event.request.arrayBuffer());
	} catch {
		return problem(event, 413, 'error.tooLarge');
	}
	if (chunk.byteLength === 0 || chunk.byteLength > gridChunkBytes(uploadLimitBytes())) return problem(event, 413, 'error.tooLarge');
	const r = await appendUploadChunk(ctx.municipalityId, userId, id, offset, chunk);
	if (!r.ok) {
		if (r.reason === 'notFound') error(404, 'Not Found');
		const state = r.state ? { id, received: r.state.received, size: r.state.size } : {};
		return r.reason === 'offset' ? problem(event, 409, 'statistics.grid.error.uploadOffset', {}, state) : problem(event, 413, 'error.tooLarge', {}, state);
	}
	return json({ id, received: r.state.received, size: r.state.size, complete: r.state.complete });
};

export const DELETE: RequestHandler = async (event) => {
	const { ctx, userId } = guard(event);
	const id = uploadId(event);
	if (!(await findUploadSession(ctx.municipalityId, userId, id))) error(404, 'Not Found');
	await removeUploadSession(ctx.municipalityId, id);
	return new Response(null, { status: 204 });
};
