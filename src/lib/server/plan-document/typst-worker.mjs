// Worker thread that typesets Typst documents to PDF, so that compiling a large plan (a few seconds for 300
// measures) never blocks the server's event loop. Plain JavaScript on purpose: it is started with
// `new Worker(path)` from the source tree (dev, tests) and from the built server alike, without bundling.
// Messages in: { id, source, data } – the Typst source and the JSON given to it as sys.inputs.data.
// Messages out: { id, pdf, standard: 'ua-1' | 'tagged' } or { id, error }.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

/** @type {{ fonts: string[] }} */
const { fonts } = workerData;
const compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: fonts.map((f) => readFileSync(f)) }] });

// Warm-up: one tiny document in Latin and Arabic script, bold and regular, written as PDF/UA-1, so that the
// first real request does not also pay for parsing the fonts' tables, the first shaping and the PDF writer.
// The worker answers messages only after this (they queue meanwhile).
try {
	const warm = compiler.compile({
		mainFileContent: '#set document(title: "w")\n#set text(lang: "de", font: ("Noto Sans", "Noto Sans Arabic"))\n= Ü\nÄ *ß* 1 €\n#text(lang: "ar", dir: rtl)[مرحبا *بكم*]'
	});
	if (!warm.takeError() && warm.result) compiler.pdf(warm.result, { pdfStandard: 'ua-1', creationTimestamp: 0 });
} catch {
	// only a warm-up: a real request reports any problem
}

/** @param {{ id: number; source: string; data: string }} msg */
function compile(msg) {
	const result = compiler.compile({ mainFileContent: msg.source, inputs: { data: msg.data } });
	const err = result.takeError();
	if (err) return { id: msg.id, error: `Typst could not compile the document: ${JSON.stringify(compiler.fetchDiagnostics(err)).slice(0, 2000)}` };
	const doc = result.result;
	if (!doc) return { id: msg.id, error: 'Typst returned no document' };
	try {
		// PDF/UA-1: tagged, with language and title, and Typst refuses what would break it (an image without alt
		// text, text that no bundled font can show, e.g. an emoji or Chinese characters in a title typed by a user).
		// In the latter case the document is still written as a tagged PDF (language, structure, bookmarks, the
		// text extractable), only without claiming PDF/UA conformance, rather than not at all.
		try {
			return { id: msg.id, pdf: new Uint8Array(compiler.pdf(doc, { pdfStandard: 'ua-1', creationTimestamp: 0 })), standard: 'ua-1' };
		} catch (e) {
			if (!String(e instanceof Error ? e.message : e).includes('PDF/UA-1 error')) throw e;
			return { id: msg.id, pdf: new Uint8Array(compiler.pdf(doc, { pdfTags: true, creationTimestamp: 0 })), standard: 'tagged' };
		}
	} finally {
		// Keep Typst's memo cache only from the last compilation: keeping ten (evictCache(10)) grew the worker by
		// about 75 MB per 300-measure plan, up to about 1 GB, without making the next compilation measurably faster
		// (another plan, another language or a changed measure shifts every page after it); with 1 the worker stays
		// near 300 MB. Identical requests are served from render-pdf's cache anyway.
		compiler.evictCache(1);
	}
}

parentPort?.on('message', (/** @type {{ id: number; source: string; data: string }} */ msg) => {
	let reply;
	try {
		reply = compile(msg);
	} catch (e) {
		reply = { id: msg.id, error: e instanceof Error ? e.message : String(e) };
	}
	parentPort?.postMessage(reply);
});
