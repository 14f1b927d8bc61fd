/**
 * Typesetting the plan document with Typst (typst-ts-node-compiler 0.7, Typst 0.14, a native addon from npm:
 * no system binary). The PDF is written as PDF/UA-1, which makes Typst write a tagged PDF with the document
 * language, title and structure, and fail instead of writing an inaccessible file (e.g. an image without alt
 * text). Only the bundled Noto fonts are used (assets/fonts), never system fonts, so the output is the same
 * on every machine.
 *
 * Compiling is synchronous and CPU-bound: a plan with 300 measures takes well under a second (see
 * bench/plan-pdf.js). Results are cached by a hash of the exact input, so repeated downloads of an unchanged
 * plan cost nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { PLAN_TEMPLATE } from './plan-template';
import type { DocumentModel } from './document-model';

const FONT_FILES = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf', 'NotoSansArabic-Regular.ttf', 'NotoSansArabic-Bold.ttf'];

/** assets/fonts of the repository: found from this module upwards (dev, tests, build/server/chunks) or the cwd. */
function fontDir(): string {
	const candidates: string[] = [];
	if (process.env.QUARTIER_FONT_DIR) candidates.push(process.env.QUARTIER_FONT_DIR);
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 8; i++) {
		candidates.push(join(dir, 'assets', 'fonts'));
		const up = dirname(dir);
		if (up === dir) break;
		dir = up;
	}
	candidates.push(resolve('assets', 'fonts'));
	const found = candidates.find((c) => existsSync(join(c, FONT_FILES[0])));
	if (!found) throw new Error(`plan document fonts not found (looked in ${candidates.join(', ')})`);
	return found;
}

let compiler: NodeCompiler | undefined;
function getCompiler(): NodeCompiler {
	if (!compiler) {
		const dir = fontDir();
		compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: FONT_FILES.map((f) => readFileSync(join(dir, f))) }] });
	}
	return compiler;
}

export class PdfRenderError extends Error {
	constructor(readonly diagnostics: unknown) {
		super(`Typst could not compile the plan document: ${JSON.stringify(diagnostics).slice(0, 2000)}`);
	}
}

const cache = new Map<string, Buffer>();
const CACHE_ENTRIES = 16;

/** Compiles the template with the model as data. Same model → same bytes, served from the cache. */
export function renderPdf(model: DocumentModel): Buffer {
	const data = JSON.stringify(model);
	const key = createHash('sha256').update(PLAN_TEMPLATE).update('\0').update(data).digest('hex');
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const c = getCompiler();
	const result = c.compile({ mainFileContent: PLAN_TEMPLATE, inputs: { data } });
	const err = result.takeError();
	if (err) throw new PdfRenderError(c.fetchDiagnostics(err));
	const doc = result.result;
	if (!doc) throw new PdfRenderError('no document');
	let pdf: Buffer;
	try {
		pdf = c.pdf(doc, { pdfStandard: 'ua-1', creationTimestamp: 0 });
	} finally {
		// keep the memoisation cache of the compiler small in a long-running server
		c.evictCache(10);
	}
	cache.set(key, pdf);
	while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
	return pdf;
}
