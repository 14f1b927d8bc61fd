/**
 * Typesetting the plan document with Typst (typst-ts-node-compiler 0.7 = Typst 0.14, a native addon from npm:
 * no system binary). The PDF is written as PDF/UA-1, which makes Typst write a tagged PDF with document
 * language, title and structure, and fail instead of writing an inaccessible file (e.g. an image without alt
 * text). Only the bundled Noto fonts are used (assets/fonts), never system fonts, so the output is the same
 * on every machine.
 *
 * Compiling is CPU-bound and synchronous (about 1 s of CPU for a plan with 300 measures, see
 * bench/plan-pdf.js), so it runs in ONE worker thread (typst-worker.mjs): requests queue there and the
 * server keeps answering other requests. The worker keeps one compiler with the fonts loaded for its whole
 * life (and is started and warmed up at server start, see warmUpPdfRenderer), and Typst's memo cache keeps
 * the layout of unchanged parts between compilations (a plan changed in one measure re-lays out little). Results are cached by a hash of the exact input, and identical
 * requests in flight share one compilation.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PLAN_TEMPLATE } from './plan-template';
import type { DocumentModel } from './document-model';

const FONT_FILES = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf', 'NotoSansArabic-Regular.ttf', 'NotoSansArabic-Bold.ttf'];
const WORKER_PATH = 'src/lib/server/plan-document/typst-worker.mjs';
const FONT_PATH = 'assets/fonts';

/**
 * The repository root: the nearest ancestor of this module (src/… in dev and tests, build/server/chunks in the
 * built app) or of the working directory that holds the fonts and the worker.
 */
function repoRoot(): string {
	const candidates: string[] = [];
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 10; i++) {
		candidates.push(dir);
		const up = dirname(dir);
		if (up === dir) break;
		dir = up;
	}
	candidates.push(resolve('.'));
	const found = candidates.find((c) => existsSync(join(c, FONT_PATH, FONT_FILES[0])) && existsSync(join(c, WORKER_PATH)));
	if (!found) throw new Error(`plan document: ${FONT_PATH} and ${WORKER_PATH} not found above ${candidates[0]} or in ${resolve('.')}`);
	return found;
}

export class PdfRenderError extends Error {}

/** 'ua-1': PDF/UA-1; 'tagged': tagged PDF without the PDF/UA claim (text that no bundled font can show, see typst-worker.mjs) */
export type PdfStandard = 'ua-1' | 'tagged';
export interface RenderedPdf {
	pdf: Buffer;
	standard: PdfStandard;
}

interface Pending {
	resolve: (r: RenderedPdf) => void;
	reject: (e: Error) => void;
}

/** How long one compilation may take before the worker is considered stuck and replaced. */
const TIMEOUT_MS = 120_000;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending & { timer: NodeJS.Timeout }>();

function failAll(e: Error) {
	for (const [id, p] of pending) {
		clearTimeout(p.timer);
		p.reject(e);
		pending.delete(id);
	}
}

function getWorker(): Worker {
	if (worker) return worker;
	const root = repoRoot();
	const w = new Worker(join(root, WORKER_PATH), { workerData: { fonts: FONT_FILES.map((f) => join(root, FONT_PATH, f)) } });
	w.on('message', (msg: { id: number; pdf?: Uint8Array; standard?: PdfStandard; error?: string }) => {
		const p = pending.get(msg.id);
		if (!p) return;
		pending.delete(msg.id);
		clearTimeout(p.timer);
		if (msg.pdf) p.resolve({ pdf: Buffer.from(msg.pdf.buffer, msg.pdf.byteOffset, msg.pdf.byteLength), standard: msg.standard ?? 'ua-1' });
		else p.reject(new PdfRenderError(msg.error ?? 'unknown error'));
	});
	const gone = (e: Error) => {
		if (worker === w) worker = undefined;
		failAll(e);
	};
	w.on('error', (e) => gone(new PdfRenderError(`Typst worker failed: ${e.message}`)));
	w.on('exit', (code) => gone(new PdfRenderError(`Typst worker exited (${code})`)));
	// an idle worker must not keep a test run or a CLI alive
	w.unref();
	worker = w;
	return w;
}

/**
 * Starts the Typst worker ahead of the first request (the server calls this at start-up, in the background):
 * it loads the fonts and compiles a tiny document, so the first plan PDF costs only its own layout. Never throws.
 */
export function warmUpPdfRenderer(): void {
	try {
		getWorker();
	} catch {
		// fonts or worker missing: the first request reports it
	}
}

function compileInWorker(source: string, data: string): Promise<RenderedPdf> {
	const w = getWorker();
	const id = nextId++;
	return new Promise<RenderedPdf>((resolve, reject) => {
		const timer = setTimeout(() => {
			pending.delete(id);
			reject(new PdfRenderError('Typst took too long'));
			void w.terminate();
		}, TIMEOUT_MS);
		pending.set(id, { resolve, reject, timer });
		w.postMessage({ id, source, data });
	});
}

const cache = new Map<string, RenderedPdf>();
const inFlight = new Map<string, Promise<RenderedPdf>>();
const CACHE_ENTRIES = 8;

/** Compiles the template with the model as data. Same model → same bytes, served from the cache. */
export async function renderPdf(model: DocumentModel): Promise<RenderedPdf> {
	const data = JSON.stringify(model);
	const key = createHash('sha256').update(PLAN_TEMPLATE).update('\0').update(data).digest('hex');
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const running = inFlight.get(key);
	if (running) return running;
	const job = compileInWorker(PLAN_TEMPLATE, data)
		.then((r) => {
			cache.set(key, r);
			while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
			return r;
		})
		.finally(() => inFlight.delete(key));
	inFlight.set(key, job);
	return job;
}
