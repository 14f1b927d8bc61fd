/**
 * Unzipping untrusted archives (ODS, XLSX, zipped Shapefiles) under limits, with fflate.
 *
 * Zip bombs: the central directory is read first without inflating anything; the number of entries and the sum of
 * the declared uncompressed sizes are checked against limits. fflate then inflates each wanted entry into a buffer
 * of exactly the declared size and never grows it, so an entry that lies about its size yields truncated (and then
 * unparseable) data, never more memory than the checked total.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { ImportError, fail } from './issues';
import { MB } from './input';

export interface ZipLimits {
	maxEntries: number;
	/** Sum of the declared uncompressed sizes of the entries that are extracted. */
	maxUncompressedBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxUncompressedBytes: 200 * MB };

export interface ZipEntryInfo {
	name: string;
	size: number;
	originalSize: number;
	compression: number;
}

export const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Lists the entries of an archive without inflating any. */
export function listZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryInfo[] {
	const entries: ZipEntryInfo[] = [];
	guard(() =>
		unzipSync(data, {
			filter(f) {
				if (entries.length >= limits.maxEntries) fail('zipTooManyEntries', {}, { max: limits.maxEntries });
				entries.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression });
				return false;
			}
		})
	);
	return entries;
}

/**
 * Extracts the entries `wanted` accepts. Checks entry count and declared sizes before inflating anything.
 * Only "stored" and "deflate" entries are supported (all office suites and GIS tools write these).
 */
export function unzipLimited(
	data: Uint8Array,
	wanted: (name: string) => boolean,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS
): Record<string, Uint8Array> {
	const entries = listZip(data, limits);
	let total = 0;
	for (const e of entries) {
		if (!wanted(e.name)) continue;
		if (e.compression !== 0 && e.compression !== 8) fail('zipUnsupported', {}, { name: e.name });
		// A stored entry's data is as long as its compressed size, whatever the header says.
		total += Math.max(e.originalSize, e.compression === 0 ? e.size : 0);
		if (total > limits.maxUncompressedBytes) fail('zipTooLarge', {}, { maxMb: Math.round(limits.maxUncompressedBytes / MB) });
	}
	return guard(() => unzipSync(data, { filter: (f) => wanted(f.name) }));
}

/**
 * Rewrites an archive from entries we extracted ourselves (stored, not compressed), so that a library that
 * trusts entry headers (exceljs reads through JSZip) only ever sees entries whose sizes are true.
 */
export function rezip(files: Record<string, Uint8Array>): Uint8Array {
	const z: Zippable = {};
	for (const [name, bytes] of Object.entries(files)) z[name] = [bytes, { level: 0 }];
	return zipSync(z);
}

function guard<T>(f: () => T): T {
	try {
		return f();
	} catch (e) {
		if (e instanceof ImportError) throw e;
		return fail('zipInvalid');
	}
}
