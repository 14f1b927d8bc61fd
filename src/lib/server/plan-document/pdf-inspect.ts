/**
 * FOR TESTS ONLY (pdfjs-dist is a dev dependency): reads a PDF the way a reader or screen reader would – its
 * text, outline (bookmarks), language, tagging – so tests check the document, not the Typst source.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFacts {
	pages: number;
	/** all text, pages joined by newlines (items of a line joined without separator) */
	text: string;
	/** titles of the outline (bookmarks), depth-first */
	outline: string[];
	title: string | null;
	lang: string | null;
	marked: boolean;
	/** does every page have a structure tree (tagged content)? */
	tagged: boolean;
	/** structure roles found in the tag tree (H1, P, Table, Figure, …) */
	roles: Set<string>;
}

interface StructNode {
	role?: string;
	children?: StructNode[];
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfFacts> {
	const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
	try {
		const texts: string[] = [];
		const roles = new Set<string>();
		let tagged = true;
		for (let i = 1; i <= doc.numPages; i++) {
			const page = await doc.getPage(i);
			const content = await page.getTextContent();
			texts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
			const tree = (await page.getStructTree()) as StructNode | null;
			if (!tree) tagged = false;
			const walk = (n: StructNode) => {
				if (n.role) roles.add(n.role);
				for (const c of n.children ?? []) walk(c);
			};
			if (tree) walk(tree);
		}
		const outline: string[] = [];
		const walkOutline = (items: { title: string; items: unknown[] }[] | null) => {
			for (const it of items ?? []) {
				outline.push(it.title);
				walkOutline(it.items as { title: string; items: unknown[] }[]);
			}
		};
		walkOutline((await doc.getOutline()) as { title: string; items: unknown[] }[] | null);
		const meta = await doc.getMetadata();
		const info = meta.info as Record<string, unknown>;
		const mark = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
		return {
			pages: doc.numPages,
			text: texts.join('\n'),
			outline,
			title: (info.Title as string) ?? null,
			lang: (info.Language as string) ?? null,
			marked: mark?.Marked === true,
			tagged,
			roles
		};
	} finally {
		await doc.destroy();
	}
}
