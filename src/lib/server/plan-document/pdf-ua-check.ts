/**
 * FOR TESTS ONLY: the machine-checkable essentials of PDF/UA-1 (the Matterhorn protocol's automatable failure
 * conditions that matter for our documents), read from the PDF's own objects – veraPDF cannot be installed
 * here. Each check names what it found wrong; an empty list means every check passed.
 *
 * A small reader of PDF objects is included (dictionaries, arrays, names, strings, numbers, references,
 * Flate streams). It reads the files Typst writes (plain indirect objects, no object streams) and minimal
 * hand-made files; a file with object streams is reported as unreadable rather than passed.
 */
import { inflateSync } from 'node:zlib';

export type PdfValue = null | boolean | number | string | PdfName | PdfRef | PdfValue[] | PdfDict | PdfStream;
export class PdfName {
	constructor(readonly name: string) {}
}
export class PdfRef {
	constructor(
		readonly num: number,
		readonly gen: number
	) {}
}
export type PdfDict = Map<string, PdfValue>;
export class PdfStream {
	constructor(
		readonly dict: PdfDict,
		readonly raw: Uint8Array
	) {}
}

// byte classes: 1 white space, 2 delimiter (lookup tables: the content streams of a long document are megabytes)
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
const WS = { has: (c: number) => CLASS[c] === 1 };
const DELIM = { has: (c: number) => CLASS[c] === 2 };
/** bytes as a Latin-1 string; short tokens without allocating a Buffer */
function str(b: Uint8Array, from: number, to: number): string {
	if (to - from > 64) return latin1(b.subarray(from, to));
	let s = '';
	for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
	return s;
}

/** Tokenizer and parser of PDF objects over a byte buffer (also used for content streams). */
class Lexer {
	pos: number;
	constructor(
		readonly b: Uint8Array,
		pos = 0
	) {
		this.pos = pos;
	}
	skipWs() {
		const b = this.b;
		while (this.pos < b.length) {
			const c = b[this.pos];
			if (CLASS[c] === 1) this.pos++;
			else if (c === 0x25) {
				while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
			} else break;
		}
	}
	/** next token: a value, or an operator/keyword as { op } */
	next(): PdfValue | { op: string } | undefined {
		this.skipWs();
		const b = this.b;
		if (this.pos >= b.length) return undefined;
		const c = b[this.pos];
		if (c === 0x2f) {
			let e = this.pos + 1;
			while (e < b.length && CLASS[b[e]] === 0) e++;
			const raw = str(b, this.pos + 1, e).replace(/#([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
			this.pos = e;
			return new PdfName(raw);
		}
		if (c === 0x28) return this.literalString();
		if (c === 0x3c && b[this.pos + 1] === 0x3c) {
			this.pos += 2;
			return this.dictBody();
		}
		if (c === 0x3c) {
			const e = b.indexOf(0x3e, this.pos);
			const hex = latin1(b.subarray(this.pos + 1, e)).replace(/\s+/g, '');
			this.pos = e + 1;
			let s = '';
			for (let i = 0; i < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
			return s;
		}
		if (c === 0x5b) {
			this.pos++;
			const arr: PdfValue[] = [];
			for (;;) {
				this.skipWs();
				if (b[this.pos] === 0x5d) {
					this.pos++;
					return this.refs(arr);
				}
				const v = this.next();
				if (v === undefined) throw new Error('unterminated array');
				arr.push(v as PdfValue);
			}
		}
		if (c === 0x5d || c === 0x3e || c === 0x7b || c === 0x7d) {
			this.pos++;
			return { op: String.fromCharCode(c) };
		}
		let e = this.pos;
		while (e < b.length && CLASS[b[e]] === 0) e++;
		if (e === this.pos) e++;
		const word = str(b, this.pos, e);
		this.pos = e;
		if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
			const n = Number(word);
			if (!Number.isNaN(n)) return n;
		}
		if (word === 'true') return true;
		if (word === 'false') return false;
		if (word === 'null') return null;
		return { op: word };
	}
	/** folds `n g R` triples of an array into references */
	refs(items: PdfValue[]): PdfValue[] {
		const out: PdfValue[] = [];
		for (let i = 0; i < items.length; i++) {
			const it = items[i];
			if (typeof it === 'object' && it !== null && 'op' in (it as object) && (it as unknown as { op: string }).op === 'R' && typeof out.at(-1) === 'number' && typeof out.at(-2) === 'number') {
				const gen = out.pop() as number;
				const num = out.pop() as number;
				out.push(new PdfRef(num, gen));
			} else out.push(it);
		}
		return out;
	}
	dictBody(): PdfDict {
		const items: PdfValue[] = [];
		for (;;) {
			this.skipWs();
			if (this.b[this.pos] === 0x3e && this.b[this.pos + 1] === 0x3e) {
				this.pos += 2;
				break;
			}
			const v = this.next();
			if (v === undefined) throw new Error('unterminated dictionary');
			items.push(v as PdfValue);
		}
		const flat = this.refs(items);
		const d: PdfDict = new Map();
		for (let i = 0; i + 1 < flat.length; i += 2) {
			const k = flat[i];
			if (!(k instanceof PdfName)) throw new Error('dictionary key is not a name');
			d.set(k.name, flat[i + 1]);
		}
		return d;
	}
	literalString(): string {
		const b = this.b;
		let depth = 0;
		let s = '';
		this.pos++;
		for (;;) {
			const c = b[this.pos++];
			if (c === undefined) throw new Error('unterminated string');
			if (c === 0x5c) {
				const n = b[this.pos++];
				const map: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f', 0x28: '(', 0x29: ')', 0x5c: '\\' };
				if (map[n] !== undefined) s += map[n];
				else if (n >= 0x30 && n <= 0x37) {
					let oct = String.fromCharCode(n);
					while (oct.length < 3 && b[this.pos] >= 0x30 && b[this.pos] <= 0x37) oct += String.fromCharCode(b[this.pos++]);
					s += String.fromCharCode(parseInt(oct, 8) & 0xff);
				} else if (n === 0x0d) {
					if (b[this.pos] === 0x0a) this.pos++;
				} else if (n !== 0x0a) s += String.fromCharCode(n);
				continue;
			}
			if (c === 0x28) depth++;
			if (c === 0x29) {
				if (depth === 0) return s;
				depth--;
			}
			s += String.fromCharCode(c);
		}
	}
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A PDF's indirect objects, read by scanning for `n g obj` (robust against a wrong xref table). */
export class PdfFile {
	readonly objects = new Map<number, PdfValue>();
	readonly trailer: PdfDict;
	constructor(readonly bytes: Uint8Array) {
		const text = latin1(bytes);
		const re = /(\d+)\s+(\d+)\s+obj\b/g;
		let m: RegExpExecArray | null;
		while ((m = re.exec(text))) {
			const num = Number(m[1]);
			const lx = new Lexer(bytes, m.index + m[0].length);
			const v = lx.next() as PdfValue;
			lx.skipWs();
			if (v instanceof Map && text.startsWith('stream', lx.pos)) {
				let start = lx.pos + 6;
				if (bytes[start] === 0x0d) start++;
				if (bytes[start] === 0x0a) start++;
				const len = v.get('Length');
				let end = typeof len === 'number' ? start + len : -1;
				if (end < 0 || !text.startsWith('endstream', skipWsAt(bytes, end))) end = text.indexOf('endstream', start);
				this.objects.set(num, new PdfStream(v, bytes.subarray(start, end)));
				re.lastIndex = end;
			} else {
				this.objects.set(num, v);
				re.lastIndex = lx.pos;
			}
		}
		const t = text.lastIndexOf('trailer');
		if (t >= 0) this.trailer = new Lexer(bytes, t + 7).next() as PdfDict;
		else {
			// PDF 1.5+ cross-reference stream: its dictionary is the trailer
			const xref = [...this.objects.values()].find((o) => o instanceof PdfStream && nameOf(o.dict.get('Type')) === 'XRef') as PdfStream | undefined;
			if (!xref) throw new Error('no trailer');
			this.trailer = xref.dict;
		}
		if ([...this.objects.values()].some((o) => o instanceof PdfStream && nameOf(o.dict.get('Type')) === 'ObjStm')) throw new Error('object streams are not supported by this checker');
	}
	get(v: PdfValue | undefined): PdfValue | undefined {
		let x = v;
		for (let i = 0; i < 32 && x instanceof PdfRef; i++) x = this.objects.get(x.num);
		return x;
	}
	dict(v: PdfValue | undefined): PdfDict | undefined {
		const x = this.get(v);
		if (x instanceof Map) return x;
		if (x instanceof PdfStream) return x.dict;
		return undefined;
	}
	streamData(s: PdfStream): Uint8Array {
		const filter = this.get(s.dict.get('Filter'));
		const filters = Array.isArray(filter) ? filter.map((f) => nameOf(this.get(f))) : filter ? [nameOf(filter)] : [];
		let data = s.raw;
		for (const f of filters) {
			if (f === 'FlateDecode') data = inflateSync(data);
			else throw new Error(`unsupported stream filter ${f}`);
		}
		return data;
	}
	get catalog(): PdfDict {
		const c = this.dict(this.trailer.get('Root'));
		if (!c) throw new Error('no document catalog');
		return c;
	}
	/** the page dictionaries in order, with their object numbers */
	pages(): { num: number; dict: PdfDict }[] {
		const out: { num: number; dict: PdfDict }[] = [];
		const walk = (ref: PdfValue | undefined, depth: number) => {
			const d = this.dict(ref);
			if (!d || depth > 64) return;
			if (nameOf(d.get('Type')) === 'Pages') for (const k of (this.get(d.get('Kids')) as PdfValue[]) ?? []) walk(k, depth + 1);
			else out.push({ num: ref instanceof PdfRef ? ref.num : -1, dict: d });
		};
		walk(this.catalog.get('Pages'), 0);
		return out;
	}
}

function skipWsAt(b: Uint8Array, pos: number): number {
	while (pos < b.length && WS.has(b[pos])) pos++;
	return pos;
}

export const nameOf = (v: PdfValue | undefined): string | undefined => (v instanceof PdfName ? v.name : undefined);

/** PDF text string (UTF-16BE with BOM, or PDFDocEncoding read as Latin-1) */
function textString(v: PdfValue | undefined): string | undefined {
	if (typeof v !== 'string') return undefined;
	if (v.charCodeAt(0) === 0xfe && v.charCodeAt(1) === 0xff) {
		let s = '';
		for (let i = 2; i + 1 < v.length; i += 2) s += String.fromCharCode((v.charCodeAt(i) << 8) | v.charCodeAt(i + 1));
		return s;
	}
	return v;
}

export type PdfUaCheck =
	| 'readable'
	| 'marked'
	| 'structTree'
	| 'lang'
	| 'xmpPdfUa'
	| 'xmpTitle'
	| 'displayDocTitle'
	| 'fontsEmbedded'
	| 'figureAlt'
	| 'tableHeaders'
	| 'headingLevels'
	| 'bookmarks'
	| 'contentTagged'
	| 'tabOrder';

export interface PdfUaProblem {
	check: PdfUaCheck;
	detail: string;
}

export interface PdfUaReport {
	problems: PdfUaProblem[];
	/** structure roles in document order (after the role map), for further assertions */
	roles: string[];
	lang: string | null;
	pages: number;
}

const STANDARD_ROLES = new Set(
	'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(
		' '
	)
);

/**
 * Runs the checks. `expectLang`: the catalog's /Lang must be this language (its primary subtag is compared,
 * so 'de' accepts 'de-DE').
 */
export function checkPdfUa(bytes: Uint8Array, opts: { expectLang?: string } = {}): PdfUaReport {
	const problems: PdfUaProblem[] = [];
	const fail = (check: PdfUaCheck, detail: string) => problems.push({ check, detail });
	let pdf: PdfFile;
	try {
		pdf = new PdfFile(bytes);
		void pdf.catalog;
	} catch (e) {
		fail('readable', (e as Error).message);
		return { problems, roles: [], lang: null, pages: 0 };
	}
	const cat = pdf.catalog;

	// Matterhorn 01-001/06-003-ish: a tagged PDF declares itself marked
	const markInfo = pdf.dict(cat.get('MarkInfo'));
	if (pdf.get(markInfo?.get('Marked')) !== true) fail('marked', '/MarkInfo /Marked is not true');

	// 11-001..: the natural language of the document
	const lang = textString(pdf.get(cat.get('Lang'))) ?? null;
	if (!lang) fail('lang', 'the catalog has no /Lang');
	else if (opts.expectLang && lang.toLowerCase().split('-')[0] !== opts.expectLang.toLowerCase().split('-')[0]) fail('lang', `/Lang is ${lang}, expected ${opts.expectLang}`);

	// 06-002, 07-001: XMP metadata with the PDF/UA identifier and a title; the viewer shows the title
	const meta = pdf.get(cat.get('Metadata'));
	const xmp = meta instanceof PdfStream ? Buffer.from(pdf.streamData(meta)).toString('utf8') : '';
	if (!/pdfuaid:part\s*=\s*["']1["']|<pdfuaid:part>\s*1\s*<\/pdfuaid:part>/.test(xmp)) fail('xmpPdfUa', 'no XMP metadata stream with pdfuaid:part 1');
	const title = /<dc:title>[\s\S]*?<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(xmp)?.[1]?.trim();
	if (!title) fail('xmpTitle', 'no dc:title in the XMP metadata');
	const prefs = pdf.dict(cat.get('ViewerPreferences'));
	if (pdf.get(prefs?.get('DisplayDocTitle')) !== true) fail('displayDocTitle', '/ViewerPreferences /DisplayDocTitle is not true');

	// 31-001..: every font is embedded (Type3 fonts are drawn by the file itself)
	for (const [num, obj] of pdf.objects) {
		const d = obj instanceof Map ? obj : undefined;
		if (!d || nameOf(d.get('Type')) !== 'Font') continue;
		const sub = nameOf(d.get('Subtype'));
		if (sub === 'Type0' || sub === 'Type3') continue;
		const fd = pdf.dict(d.get('FontDescriptor'));
		if (!fd || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.has(k))) fail('fontsEmbedded', `font ${nameOf(d.get('BaseFont')) ?? num} (${sub}) is not embedded`);
	}

	// the structure tree: roles (through the role map), alternative texts, tables, headings, and the marked
	// content it claims (page object number + MCID)
	const root = pdf.dict(cat.get('StructTreeRoot'));
	const roleMap = pdf.dict(root?.get('RoleMap'));
	const resolveRole = (s: string): string => {
		let r = s;
		for (let i = 0; i < 16 && !STANDARD_ROLES.has(r); i++) {
			const m = nameOf(pdf.get(roleMap?.get(r)));
			if (!m) break;
			r = m;
		}
		return r;
	};
	const roles: string[] = [];
	const claimed = new Set<string>();
	const headings: number[] = [];
	let topLevel: string[] = [];
	if (!root) fail('structTree', 'the catalog has no /StructTreeRoot');
	else {
		interface Node {
			role: string;
			alt?: string;
			kids: Node[];
		}
		const seen = new Set<PdfDict>();
		const build = (v: PdfValue | undefined, page: number | undefined, depth: number): Node[] => {
			const x = pdf.get(v);
			if (depth > 200) return [];
			if (Array.isArray(x)) return x.flatMap((k) => build(k, page, depth + 1));
			if (typeof x === 'number') {
				claimed.add(`${page}:${x}`);
				return [];
			}
			const d = x instanceof Map ? x : undefined;
			if (!d || seen.has(d)) return [];
			const type = nameOf(d.get('Type'));
			if (type === 'MCR') {
				const pg = d.get('Pg');
				claimed.add(`${pg instanceof PdfRef ? pg.num : page}:${pdf.get(d.get('MCID'))}`);
				return [];
			}
			if (type === 'OBJR') return [];
			seen.add(d);
			const s = nameOf(d.get('S'));
			if (!s) return [];
			const pg = d.get('Pg');
			const role = resolveRole(s);
			roles.push(role);
			const h = /^H([1-6])$/.exec(role);
			if (h) headings.push(Number(h[1]));
			const node: Node = { role, alt: textString(pdf.get(d.get('Alt'))) ?? textString(pdf.get(d.get('ActualText'))), kids: [] };
			node.kids = build(d.get('K'), pg instanceof PdfRef ? pg.num : page, depth + 1);
			return [node];
		};
		const tops = build(root.get('K'), undefined, 0);
		topLevel = tops.map((n) => n.role);
		if (topLevel.length !== 1 || topLevel[0] !== 'Document') fail('structTree', `the structure tree's top level is [${topLevel.join(', ')}], not one Document element`);
		const walk = (n: Node, f: (n: Node) => void) => {
			f(n);
			for (const k of n.kids) walk(k, f);
		};
		for (const t of tops)
			walk(t, (n) => {
				if (n.role === 'Figure' && !n.alt?.trim()) fail('figureAlt', 'a Figure has no /Alt');
				if (n.role === 'Table') {
					let th = false;
					walk(n, (k) => {
						if (k.role === 'TH') th = true;
					});
					if (!th) fail('tableHeaders', 'a Table has no TH cell');
				}
			});
		if (roles.includes('H') && headings.length > 0) fail('headingLevels', 'both H and H1–H6 headings are used');
		let prev = 0;
		for (const h of headings) {
			if (h > prev + 1) {
				fail('headingLevels', `heading level ${h} follows level ${prev || 'none'}`);
				break;
			}
			prev = h;
		}
	}

	// bookmarks: a document with headings has an outline
	const outlines = pdf.dict(cat.get('Outlines'));
	if ((headings.length > 0 || roles.includes('H')) && !outlines?.get('First')) fail('bookmarks', 'headings but no outline (bookmarks)');

	// every page: content is either an artifact or marked with an MCID that the structure tree claims; pages
	// with annotations give the tab order by structure
	const pages = pdf.pages();
	for (const [i, page] of pages.entries()) {
		const annots = pdf.get(page.dict.get('Annots'));
		if (Array.isArray(annots) && annots.length > 0 && nameOf(pdf.get(page.dict.get('Tabs'))) !== 'S') fail('tabOrder', `page ${i + 1} has annotations but no /Tabs /S`);
		const contents = pdf.get(page.dict.get('Contents'));
		const streams = (Array.isArray(contents) ? contents : [contents]).map((c) => pdf.get(c)).filter((c): c is PdfStream => c instanceof PdfStream);
		const data = Buffer.concat(streams.flatMap((s) => [Buffer.from(pdf.streamData(s)), Buffer.from('\n')]));
		const untagged = untaggedContent(data, page.num, claimed, pdf, page.dict);
		if (untagged) fail('contentTagged', `page ${i + 1}: ${untagged}`);
	}
	return { problems, roles, lang, pages: pages.length };
}

const PAINT = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'Do', 'sh', 'EI']);

/** The first piece of content outside an artifact and outside marked content the structure tree claims, if any. */
function untaggedContent(data: Uint8Array, pageNum: number, claimed: Set<string>, pdf: PdfFile, page: PdfDict): string | null {
	const lx = new Lexer(data);
	const stack: ('artifact' | 'tagged' | 'plain')[] = [];
	const operands: PdfValue[] = [];
	const props = pdf.dict(pdf.dict(page.get('Resources'))?.get('Properties'));
	for (;;) {
		const t = lx.next();
		if (t === undefined) break;
		if (!(typeof t === 'object' && t !== null && 'op' in (t as object))) {
			operands.push(t as PdfValue);
			continue;
		}
		const op = (t as { op: string }).op;
		if (op === 'BI') {
			// inline image: skip to EI
			const rest = latin1(data.subarray(lx.pos));
			const e = rest.search(/\sEI(\s|$)/);
			lx.pos += e < 0 ? rest.length : e + 3;
			if (!stack.some((s) => s !== 'plain')) return 'an inline image outside tagged content';
		} else if (op === 'BMC' || op === 'BDC') {
			const tag = nameOf(operands[0]);
			const p = op === 'BDC' ? (operands[1] instanceof Map ? (operands[1] as PdfDict) : pdf.dict(props?.get(nameOf(operands[1]) ?? ''))) : undefined;
			const mcid = p?.get('MCID');
			if (tag === 'Artifact') stack.push('artifact');
			else if (typeof mcid === 'number') {
				if (!claimed.has(`${pageNum}:${mcid}`)) return `marked content ${tag} with MCID ${mcid} that no structure element claims`;
				stack.push('tagged');
			} else stack.push('plain');
		} else if (op === 'EMC') stack.pop();
		else if (PAINT.has(op) && !stack.some((s) => s !== 'plain')) {
			// a path that is only a clip (`W n`) paints nothing: `n` is not in PAINT
			return `"${op}" outside tagged content and artifacts`;
		}
		operands.length = 0;
	}
	return null;
}
