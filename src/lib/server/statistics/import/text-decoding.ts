/**
 * Encoding detection for CSV uploads. German statistics offices and Excel write either UTF-8 (often with a BOM) or
 * Windows-1252 ("ANSI", a superset of Latin-1 that also has the en dash "–" used for suppressed values). Rule:
 * a BOM decides; otherwise text that is valid UTF-8 is UTF-8, and anything with an invalid UTF-8 sequence is
 * Windows-1252 (what the WHATWG label "latin1" means too).
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
	text: string;
	encoding: TextEncodingName;
}

/**
 * Windows-1252 to text. Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x96 stays U+0096 instead
 * of "–"), so the 0x80–0x9F block is mapped here; the rest of the range equals Latin-1.
 */
const CP1252_HIGH =
	'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
	const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

export function decodeText(bytes: Uint8Array): DecodedText {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
		return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
	// Excel's "Unicode text" export is UTF-16LE with a BOM and tabs.
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

/**
 * Streaming variant for files too large to hold (the Zensus grid). ASCII is the same in every candidate
 * encoding, so bytes are passed through until the first non-ASCII byte; the decision is then taken on the next
 * few kilobytes (valid UTF-8 there → UTF-8) and kept for the rest of the file. Invalid sequences after a UTF-8
 * decision become U+FFFD and are counted in `replacements`.
 */
export class StreamingTextDecoder {
	encoding: TextEncodingName | null = null;
	replacements = 0;
	private decoder: TextDecoder | null = null;
	private pending: Uint8Array | null = null;
	private first = true;
	private static readonly WINDOW = 4096;

	push(chunk: Uint8Array): string {
		let bytes = this.pending ? concat2(this.pending, chunk) : chunk;
		this.pending = null;
		if (this.first) {
			if (bytes.length < 3) {
				this.pending = bytes;
				return '';
			}
			this.first = false;
			if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
				this.use('utf-8-bom');
				bytes = bytes.subarray(3);
			}
		}
		if (this.decided) return this.decode(bytes);
		const firstHigh = bytes.findIndex((b) => b >= 0x80);
		if (firstHigh < 0) return asciiToString(bytes);
		if (bytes.length - firstHigh < StreamingTextDecoder.WINDOW) {
			// Not enough to decide yet: emit the ASCII prefix, keep the rest.
			this.pending = bytes.subarray(firstHigh);
			return asciiToString(bytes.subarray(0, firstHigh));
		}
		this.decide(bytes.subarray(firstHigh, firstHigh + StreamingTextDecoder.WINDOW));
		return this.decode(bytes);
	}

	end(): string {
		let out = '';
		if (this.pending) {
			let rest = this.pending;
			this.pending = null;
			if (this.first) {
				this.first = false;
				if (rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) {
					this.use('utf-8-bom');
					rest = rest.subarray(3);
				}
			}
			if (!this.decided) {
				const high = rest.findIndex((b) => b >= 0x80);
				if (high < 0) return asciiToString(rest);
				this.decide(rest.subarray(high), true);
			}
			out = this.decode(rest);
		}
		if (this.decoder) out += this.count(this.decoder.decode());
		return out;
	}

	private decide(sample: Uint8Array, complete = false): void {
		// Cut a multi-byte sequence split at the end of the sample.
		let end = sample.length;
		if (!complete) for (let k = 0; k < 3 && end > 0 && (sample[end - 1] & 0xc0) === 0x80; k++) end--;
		if (!complete && end > 0 && sample[end - 1] >= 0xc0) end--;
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
			this.use('utf-8');
		} catch {
			this.use('windows-1252');
		}
	}

	private use(enc: TextEncodingName): void {
		this.encoding = enc;
		// Windows-1252 is one byte per character: no state to carry between chunks.
		this.decoder = enc === 'windows-1252' ? null : new TextDecoder(enc === 'utf-8-bom' ? 'utf-8' : enc, { ignoreBOM: true });
	}

	private get decided(): boolean {
		return this.encoding !== null;
	}

	private decode(bytes: Uint8Array): string {
		if (this.encoding === 'windows-1252') return decodeWindows1252(bytes);
		return this.count(this.decoder!.decode(bytes, { stream: true }));
	}

	private count(s: string): string {
		if (this.encoding !== 'windows-1252') for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) this.replacements++;
		return s;
	}
}

function asciiToString(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

export type Separator = ';' | ',' | '\t' | '|';
export const SEPARATORS: readonly Separator[] = [';', '\t', ',', '|'];

/**
 * Picks the separator whose field count is the same on the most of the first records (quotes respected, a quoted
 * field may span lines), preferring more columns, then the German `;`. Returns null when no candidate yields at
 * least two columns.
 */
export function detectSeparator(text: string, maxRecords = 50): Separator | null {
	let best: { sep: Separator; score: number; cols: number } | null = null;
	for (const sep of SEPARATORS) {
		const counts = fieldCounts(text, sep, maxRecords);
		if (counts.length === 0) continue;
		const freq = new Map<number, number>();
		for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
		let [cols, n] = [1, 0];
		for (const [c, k] of freq) if (k > n || (k === n && c > cols)) [cols, n] = [c, k];
		if (cols < 2) continue;
		const score = n / counts.length;
		if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && cols > best.cols)) best = { sep, score, cols };
	}
	return best?.sep ?? null;
}

/** Number of fields of each non-empty record among the first `maxRecords`, quote-aware (RFC 4180 quoting). */
export function fieldCounts(text: string, sep: string, maxRecords: number): number[] {
	const out: number[] = [];
	let fields = 1;
	let inQuotes = false;
	let atFieldStart = true;
	let empty = true;
	for (let i = 0; i < text.length && out.length < maxRecords; i++) {
		const ch = text[i];
		if (inQuotes) {
			if (ch === '"') {
				if (text[i + 1] === '"') i++;
				else inQuotes = false;
			}
			continue;
		}
		if (ch === '"' && atFieldStart) {
			inQuotes = true;
			atFieldStart = false;
			empty = false;
		} else if (ch === sep) {
			fields++;
			atFieldStart = true;
			empty = false;
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			if (!empty) out.push(fields);
			fields = 1;
			atFieldStart = true;
			empty = true;
		} else {
			if (ch !== ' ') atFieldStart = false;
			empty = false;
		}
	}
	if (!empty && out.length < maxRecords) out.push(fields);
	return out;
}
