/**
 * Streaming a CSV out of a ZIP archive (the Zensus 2022 grid files are published zipped: 30–60 MB archives with
 * a 150–250 MB CSV inside) without holding either in memory.
 *
 * Zip bombs: the inflated bytes are counted as they come out; reading stops when they pass
 * `maxUncompressedBytes`, or when they exceed `maxRatio` times the compressed bytes read so far (past the first
 * MB, so that a tiny archive of a tiny file is not refused). The input is pushed in small pieces, so a single push
 * can never inflate more than about a thousand times its size (deflate's maximum ratio).
 *
 * The first entry whose name ends in `.csv` is read (a LIESMICH.txt or PDF beside it, folders and macOS metadata are skipped); an archive
 * without one is an error (`gridZipNoCsv`). Only "stored" and "deflate" entries are supported.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { ImportError, fail, makeIssue } from '../statistics/import/issues';
import { MB } from '../statistics/import/input';

export interface ZipStreamLimits {
	maxUncompressedBytes: number;
	/** Inflated bytes per compressed byte read. */
	maxRatio: number;
}

export const GRID_ZIP_LIMITS: ZipStreamLimits = { maxUncompressedBytes: 1024 * MB, maxRatio: 100 };

const PIECE = 16 * 1024;

export const isCsvEntry = (name: string) => {
	const base = name.split('/').pop() ?? '';
	return /\.csv$/i.test(base) && !base.startsWith('.') && !name.startsWith('__MACOSX/');
};

/** Yields the bytes of the first CSV entry of the archive read from `input`. Errors are thrown as ImportError. */
export async function* csvFromZip(input: AsyncIterable<Uint8Array>, limits: ZipStreamLimits = GRID_ZIP_LIMITS): AsyncGenerator<Uint8Array> {
	const queue: Uint8Array[] = [];
	let picked = null as UnzipFile | null;
	let done = false as boolean;
	let error = null as ImportError | null;
	let compressed = 0;
	let inflated = 0;
	const unzip = new Unzip();
	unzip.register(UnzipInflate);
	unzip.onfile = (file) => {
		if (picked || error || !isCsvEntry(file.name)) return;
		if (file.compression !== 0 && file.compression !== 8) {
			error = new ImportError(makeIssue('zipUnsupported', 'error', {}, { name: file.name.slice(0, 120) }));
			return;
		}
		picked = file;
		file.ondata = (err, data, final) => {
			if (error) return;
			if (err) {
				error = new ImportError(makeIssue('zipInvalid', 'error'));
				return;
			}
			inflated += data.byteLength;
			if (inflated > limits.maxUncompressedBytes) {
				error = new ImportError(makeIssue('zipTooLarge', 'error', {}, { maxMb: Math.round(limits.maxUncompressedBytes / MB) }));
				file.terminate();
				return;
			}
			if (inflated > MB && inflated > compressed * limits.maxRatio) {
				error = new ImportError(makeIssue('gridZipRatio', 'error', {}, { ratio: limits.maxRatio }));
				file.terminate();
				return;
			}
			if (data.byteLength) queue.push(data);
			if (final) done = true;
		};
		file.start();
	};
	const push = (chunk: Uint8Array, final: boolean) => {
		try {
			unzip.push(chunk, final);
		} catch {
			error ??= new ImportError(makeIssue('zipInvalid', 'error'));
		}
	};
	for await (const chunk of input) {
		for (let i = 0; i < chunk.byteLength && !done; i += PIECE) {
			const piece = chunk.subarray(i, i + PIECE);
			compressed += piece.byteLength;
			push(piece, false);
			if (error) throw error;
			while (queue.length) yield queue.shift()!;
		}
		if (done) break;
	}
	if (!done) push(new Uint8Array(0), true);
	if (error) throw error;
	while (queue.length) yield queue.shift()!;
	if (!picked) fail('gridZipNoCsv');
	if (!done) fail('zipInvalid');
}
