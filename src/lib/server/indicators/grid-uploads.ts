/**
 * Upload files of the Zensus grid import, kept on disk (never in memory, never in the database): the published
 * Germany-wide grid files are 150–250 MB as CSV (30–60 MB zipped), more than a form body may carry.
 *
 * Layout under `<DATA_DIR>/uploads/grid/<municipalityId>/` (DATA_DIR defaults to ./data):
 * - `<uploadId>.part` + `<uploadId>.json`: a chunked upload in progress (resumable: the client asks for the
 *   received size and continues there). Owned by one user of one municipality.
 * - `run-<importRunId>-<role>.bin`: the file of a queued grid import (role `value` or `population`), read by the
 *   job and removed when the run has finished (succeeded or failed).
 * Chunked uploads that are not used within {@link ABANDONED_MS}, and run files whose run is gone, are removed
 * by {@link sweepGridUploads} (called when a new upload starts and by every grid job).
 *
 * Every path is built from ids the server generated and checked against a strict pattern; a client never
 * names a path.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { newId, nowIso } from '../core/ids';
import { MB } from '../statistics/import/input';
import { isZip } from '../statistics/import/zip';
import { csvFromZip } from './grid-zip';

/** Largest file of a grid import (CSV or ZIP as uploaded). GRID_UPLOAD_MAX_MB overrides. */
export function gridUploadMaxBytes(env: string | undefined = process.env.GRID_UPLOAD_MAX_MB): number {
	const n = Number(env);
	return Number.isFinite(n) && n > 0 ? Math.floor(n * MB) : 400 * MB;
}

/** Largest chunk of a chunked upload; kept below the body limit of the server. */
export const gridChunkBytes = (bodyLimit: number) => Math.max(64 * 1024, Math.min(4 * MB, bodyLimit));

/** A chunked upload not finished and not used for an import within this time is removed. */
export const ABANDONED_MS = 6 * 60 * 60 * 1000;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUploadId = (id: string) => ID.test(id);

export type GridFileRole = 'value' | 'population';

export function gridUploadRoot(): string {
	return resolve(process.env.DATA_DIR || 'data', 'uploads', 'grid');
}

function tenantDir(municipalityId: string): string {
	if (!ID.test(municipalityId)) throw new Error('invalid municipality id');
	return join(gridUploadRoot(), municipalityId);
}

const runFile = (municipalityId: string, importRunId: string, role: GridFileRole) => {
	if (!ID.test(importRunId)) throw new Error('invalid import run id');
	return join(tenantDir(municipalityId), `run-${importRunId}-${role}.bin`);
};

export interface UploadMeta {
	userId: string;
	fileName: string;
	size: number;
	createdAt: string;
}

export interface UploadState extends UploadMeta {
	id: string;
	received: number;
	complete: boolean;
}

/** Starts a chunked upload of `size` bytes. Returns null when the size is not acceptable. */
export async function createUploadSession(municipalityId: string, userId: string, fileName: string, size: number): Promise<UploadState | null> {
	if (!Number.isSafeInteger(size) || size <= 0 || size > gridUploadMaxBytes()) return null;
	await sweepGridUploads().catch(() => undefined);
	const dir = tenantDir(municipalityId);
	await mkdir(dir, { recursive: true });
	const id = newId();
	const meta: UploadMeta = { userId, fileName: fileName.slice(0, 255), size, createdAt: nowIso() };
	await writeFile(join(dir, `${id}.part`), new Uint8Array(0));
	await writeFile(join(dir, `${id}.json`), JSON.stringify(meta));
	return { id, ...meta, received: 0, complete: false };
}

/** The state of a chunked upload of this user in this municipality, or undefined (unknown, foreign, removed). */
export async function findUploadSession(municipalityId: string, userId: string, uploadId: string): Promise<UploadState | undefined> {
	if (!isUploadId(uploadId)) return undefined;
	const dir = tenantDir(municipalityId);
	try {
		const meta = JSON.parse(await readFile(join(dir, `${uploadId}.json`), 'utf8')) as UploadMeta;
		if (meta.userId !== userId) return undefined;
		const received = (await stat(join(dir, `${uploadId}.part`))).size;
		return { id: uploadId, ...meta, received, complete: received === meta.size };
	} catch {
		return undefined;
	}
}

const appending = new Map<string, Promise<unknown>>();

export type AppendResult = { ok: true; state: UploadState } | { ok: false; reason: 'notFound' | 'offset' | 'tooLarge'; state?: UploadState };

/**
 * Appends one chunk at `offset` (must equal the bytes received so far: a repeated or out-of-order chunk is
 * refused with the current state, so the client can resume). Chunks of one upload are appended one at a time.
 */
export async function appendUploadChunk(municipalityId: string, userId: string, uploadId: string, offset: number, chunk: Uint8Array): Promise<AppendResult> {
	const key = `${municipalityId}/${uploadId}`;
	const previous = appending.get(key) ?? Promise.resolve();
	const work = previous.catch(() => undefined).then(async (): Promise<AppendResult> => {
		const state = await findUploadSession(municipalityId, userId, uploadId);
		if (!state) return { ok: false, reason: 'notFound' };
		if (offset !== state.received) return { ok: false, reason: 'offset', state };
		if (state.received + chunk.byteLength > state.size) return { ok: false, reason: 'tooLarge', state };
		await appendFile(join(tenantDir(municipalityId), `${uploadId}.part`), chunk);
		const received = state.received + chunk.byteLength;
		return { ok: true, state: { ...state, received, complete: received === state.size } };
	});
	appending.set(key, work);
	try {
		return await work;
	} finally {
		if (appending.get(key) === work) appending.delete(key);
	}
}

/** Removes a chunked upload (cancelled by the user or taken over by an import). */
export async function removeUploadSession(municipalityId: string, uploadId: string): Promise<void> {
	if (!isUploadId(uploadId)) return;
	const dir = tenantDir(municipalityId);
	await rm(join(dir, `${uploadId}.part`), { force: true });
	await rm(join(dir, `${uploadId}.json`), { force: true });
}

/** Where the file of an import comes from: bytes of a form upload, or a finished chunked upload. */
export type GridFileSource = { bytes: Uint8Array; fileName: string } | { uploadId: string };

/** Stores the file of an import run: writes form bytes, or moves a complete chunked upload into place. */
export async function storeRunFile(municipalityId: string, userId: string, importRunId: string, role: GridFileRole, source: GridFileSource): Promise<{ fileName: string; bytes: number } | null> {
	const dir = tenantDir(municipalityId);
	await mkdir(dir, { recursive: true });
	const target = runFile(municipalityId, importRunId, role);
	if ('bytes' in source) {
		await writeFile(target, source.bytes);
		return { fileName: source.fileName, bytes: source.bytes.byteLength };
	}
	const state = await findUploadSession(municipalityId, userId, source.uploadId);
	if (!state || !state.complete) return null;
	await rename(join(dir, `${source.uploadId}.part`), target);
	await rm(join(dir, `${source.uploadId}.json`), { force: true });
	return { fileName: state.fileName, bytes: state.size };
}

export async function removeRunFiles(municipalityId: string, importRunId: string): Promise<void> {
	for (const role of ['value', 'population'] as const) await rm(runFile(municipalityId, importRunId, role), { force: true });
}

export async function runFileSize(municipalityId: string, importRunId: string, role: GridFileRole): Promise<number | null> {
	try {
		return (await stat(runFile(municipalityId, importRunId, role))).size;
	} catch {
		return null;
	}
}

/**
 * The CSV bytes of a run file as a stream: a ZIP (recognised by its signature, whatever the name) is
 * decompressed on the fly. `onRead` gets the bytes read from disk (for the progress display).
 */
export async function openRunFile(municipalityId: string, importRunId: string, role: GridFileRole, onRead?: (bytes: number) => Promise<void> | void): Promise<AsyncIterable<Uint8Array>> {
	const path = runFile(municipalityId, importRunId, role);
	const head = new Uint8Array(4);
	const fh = await open(path, 'r');
	try {
		await fh.read(head, 0, 4, 0);
	} finally {
		await fh.close();
	}
	const zipped = isZip(head);
	async function* raw(): AsyncGenerator<Uint8Array> {
		// Compressed input inflates several times over: smaller reads keep the work between two yields short.
		const stream = createReadStream(path, { highWaterMark: zipped ? 64 * 1024 : 256 * 1024 });
		let read = 0;
		try {
			for await (const chunk of stream as AsyncIterable<Buffer>) {
				read += chunk.byteLength;
				yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
				await onRead?.(read);
			}
		} finally {
			stream.destroy();
		}
	}
	return zipped ? csvFromZip(raw()) : raw();
}

/**
 * Removes chunked uploads older than {@link ABANDONED_MS} and run files older than that whose run `isLive`
 * denies (finished or deleted). Errors are ignored: a file that is gone is what we want.
 */
export async function sweepGridUploads(isLive?: (municipalityId: string, importRunId: string) => Promise<boolean>, now = Date.now()): Promise<number> {
	let removed = 0;
	let tenants: string[];
	try {
		tenants = await readdir(gridUploadRoot());
	} catch {
		return 0;
	}
	for (const m of tenants) {
		if (!ID.test(m)) continue;
		const dir = join(gridUploadRoot(), m);
		for (const name of await readdir(dir).catch(() => [] as string[])) {
			const path = join(dir, name);
			const st = await stat(path).catch(() => null);
			if (!st || now - st.mtimeMs < ABANDONED_MS) continue;
			const run = /^run-([0-9a-f-]{36})-(value|population)\.bin$/.exec(name);
			if (run) {
				if (!isLive || (await isLive(m, run[1]))) continue;
			} else if (!/^[0-9a-f-]{36}\.(part|json)$/.test(name)) continue;
			await rm(path, { force: true }).catch(() => undefined);
			removed++;
		}
	}
	return removed;
}
