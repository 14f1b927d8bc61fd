/**
 * Reading an upload into memory under a size limit. A stream is read chunk by chunk and abandoned (destroyed) as
 * soon as the limit is passed, so a 200 MB upload costs at most the limit in memory, never the whole file.
 */
import { fail } from './issues';

export type UploadInput = Uint8Array | AsyncIterable<Uint8Array | string>;

export const MB = 1024 * 1024;

export interface SizeOptions {
	maxBytes: number;
	/** Size announced by the client (Content-Length, File.size): refused before a single byte is read. */
	declaredSize?: number;
}

export async function readUpload(input: UploadInput, { maxBytes, declaredSize }: SizeOptions): Promise<Uint8Array> {
	if (declaredSize !== undefined && declaredSize > maxBytes) tooLarge(maxBytes);
	if (input instanceof Uint8Array) {
		if (input.byteLength > maxBytes) tooLarge(maxBytes);
		return input;
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	for await (const part of input) {
		const chunk = typeof part === 'string' ? new TextEncoder().encode(part) : part;
		total += chunk.byteLength;
		if (total > maxBytes) {
			destroy(input);
			tooLarge(maxBytes);
		}
		chunks.push(chunk);
	}
	return concat(chunks, total);
}

function tooLarge(maxBytes: number): never {
	return fail('fileTooLarge', {}, { maxMb: Math.round(maxBytes / MB) });
}

/** Stops a Node stream we no longer read, so the socket or file handle is released. */
export function destroy(input: unknown): void {
	const d = (input as { destroy?: () => void }).destroy;
	if (typeof d === 'function') d.call(input);
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
	if (chunks.length === 1) return chunks[0];
	const out = new Uint8Array(total);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.byteLength;
	}
	return out;
}
