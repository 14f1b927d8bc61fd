import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { checkPdfUa, type PdfUaCheck } from './pdf-ua-check';

/**
 * A minimal PDF/UA-like file built by hand, one page: H1, H2, a Figure with alt text, a table with a header
 * cell, an artifact, a link annotation, an embedded (dummy) font, XMP metadata, bookmarks. `defect` breaks
 * exactly one requirement, so each check is shown to fail on its own.
 */
type Defect = Exclude<PdfUaCheck, 'readable'> | 'structTreeMissing';
function minimalPdf(defect?: Defect): Buffer {
	const xmp = [
		'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
		'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
		defect === 'xmpTitle' ? '' : '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Testplan</rdf:li></rdf:Alt></dc:title>',
		defect === 'xmpPdfUa' ? '' : '<pdfuaid:part>1</pdfuaid:part>',
		'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
	].join('');
	const h2 = defect === 'headingLevels' ? 'H3' : 'H2';
	const cell = defect === 'tableHeaders' ? 'TD' : 'TH';
	const content = [
		'/H1 <</MCID 0>> BDC BT /F1 12 Tf 10 170 Td (Titel) Tj ET EMC',
		`/${h2} <</MCID 1>> BDC BT /F1 10 Tf 10 150 Td (Teil) Tj ET EMC`,
		'/Figure <</MCID 2>> BDC 10 60 50 50 re f EMC',
		`/${cell} <</MCID 3>> BDC BT /F1 10 Tf 10 40 Td [(Kop) 20 (f)] TJ ET EMC`,
		'/Artifact BMC 0 0 200 5 re f EMC',
		defect === 'contentTagged' ? 'BT /F1 10 Tf 10 20 Td (lose) Tj ET' : ''
	].join('\n');
	const objects: string[] = [];
	const catalog = ['/Type /Catalog /Pages 2 0 R'];
	catalog.push(`/MarkInfo << /Marked ${defect === 'marked' ? 'false' : 'true'} >>`);
	if (defect !== 'lang') catalog.push('/Lang (de-DE)');
	if (defect !== 'structTreeMissing') catalog.push('/StructTreeRoot 10 0 R');
	catalog.push('/Metadata 9 0 R');
	if (defect !== 'displayDocTitle') catalog.push('/ViewerPreferences << /DisplayDocTitle true >>');
	if (defect !== 'bookmarks') catalog.push('/Outlines 12 0 R');
	objects[1] = `<< ${catalog.join(' ')} >>`;
	objects[2] = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
	objects[3] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [8 0 R] /StructParents 0${defect === 'tabOrder' ? '' : ' /Tabs /S'} >>`;
	const compressed = deflateSync(Buffer.from(content, 'latin1'));
	objects[4] = `<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n${compressed.toString('latin1')}\nendstream`;
	objects[5] = '<< /Type /Font /Subtype /TrueType /BaseFont /TestSans /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>';
	objects[6] = `<< /Type /FontDescriptor /FontName /TestSans /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80${defect === 'fontsEmbedded' ? '' : ' /FontFile2 7 0 R'} >>`;
	objects[7] = '<< /Length 4 >>\nstream\nfont\nendstream';
	objects[8] = '<< /Type /Annot /Subtype /Link /Rect [10 10 60 20] /Contents (Verweis) /StructParent 1 /A << /S /URI /URI (https://example.org) >> >>';
	objects[9] = `<< /Type /Metadata /Subtype /XML /Length ${Buffer.byteLength(xmp)} >>\nstream\n${xmp}\nendstream`;
	objects[10] = '<< /Type /StructTreeRoot /K [11 0 R] /RoleMap << /Titel /H1 >> >>';
	objects[11] = `<< /Type /StructElem /S /${defect === 'structTree' ? 'Part' : 'Document'} /P 10 0 R /K [13 0 R 14 0 R 15 0 R 16 0 R 19 0 R] >>`;
	objects[12] = '<< /Type /Outlines /First 20 0 R /Last 20 0 R /Count 1 >>';
	// /Titel is mapped to H1 through the role map
	objects[13] = '<< /Type /StructElem /S /Titel /P 11 0 R /Pg 3 0 R /K 0 >>';
	objects[14] = `<< /Type /StructElem /S /${h2} /P 11 0 R /Pg 3 0 R /K << /Type /MCR /Pg 3 0 R /MCID 1 >> >>`;
	objects[15] = `<< /Type /StructElem /S /Figure /P 11 0 R /Pg 3 0 R /K 2${defect === 'figureAlt' ? '' : ' /Alt (Ein Quadrat)'} >>`;
	objects[16] = '<< /Type /StructElem /S /Table /P 11 0 R /K [17 0 R] >>';
	objects[17] = '<< /Type /StructElem /S /TR /P 16 0 R /K [18 0 R] >>';
	objects[18] = `<< /Type /StructElem /S /${cell} /P 17 0 R /Pg 3 0 R /K 3 >>`;
	objects[19] = '<< /Type /StructElem /S /Link /P 11 0 R /Pg 3 0 R /K << /Type /OBJR /Obj 8 0 R >> >>';
	objects[20] = '<< /Title (Titel) /Parent 12 0 R /Dest [3 0 R /Fit] >>';
	let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	for (let i = 1; i < objects.length; i++) {
		offsets[i] = Buffer.byteLength(out, 'latin1');
		out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
	}
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

const checksOf = (pdf: Buffer, expectLang?: string) => checkPdfUa(pdf, { expectLang }).problems.map((p) => p.check);

describe('PDF/UA checks (Matterhorn essentials)', () => {
	it('a minimal correct file passes every check (role map resolved, MCR and plain MCIDs claimed)', () => {
		const report = checkPdfUa(minimalPdf(), { expectLang: 'de' });
		expect(report.problems).toEqual([]);
		expect(report.roles).toEqual(['Document', 'H1', 'H2', 'Figure', 'Table', 'TR', 'TH', 'Link']);
		expect(report.lang).toBe('de-DE');
	});

	const defects: [Defect, PdfUaCheck[]][] = [
		['marked', ['marked']],
		['lang', ['lang']],
		['xmpPdfUa', ['xmpPdfUa']],
		['xmpTitle', ['xmpTitle']],
		['displayDocTitle', ['displayDocTitle']],
		['fontsEmbedded', ['fontsEmbedded']],
		['structTree', ['structTree']],
		// without a structure tree nothing claims the marked content either
		['structTreeMissing', ['structTree', 'contentTagged']],
		['figureAlt', ['figureAlt']],
		['tableHeaders', ['tableHeaders']],
		['headingLevels', ['headingLevels']],
		['bookmarks', ['bookmarks']],
		['contentTagged', ['contentTagged']],
		['tabOrder', ['tabOrder']]
	];
	it.each(defects)('a file with the defect "%s" fails exactly %j', (defect, expected) => {
		expect(checksOf(minimalPdf(defect))).toEqual(expected);
	});

	it('the wrong document language fails the language check; garbage is reported unreadable', () => {
		expect(checksOf(minimalPdf(), 'ar')).toEqual(['lang']);
		expect(checksOf(Buffer.from('not a pdf'))).toEqual(['readable']);
	});

	it('a PDF Typst writes without tagging fails the tagging checks', () => {
		const compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: [readFileSync('assets/fonts/NotoSans-Regular.ttf'), readFileSync('assets/fonts/NotoSans-Bold.ttf')] }] });
		const source = '#set document(title: "Ohne Tags")\n#set text(lang: "de", font: "Noto Sans")\n= Überschrift\nText mit #link("https://example.org")[Verweis].\n#table(columns: 2, table.header[A][B], [1], [2])';
		const doc = compiler.compile({ mainFileContent: source }).result!;
		const untagged = checksOf(compiler.pdf(doc, { pdfTags: false, creationTimestamp: 0 }), 'de');
		for (const c of ['marked', 'structTree', 'xmpPdfUa', 'contentTagged', 'tabOrder'] as const) expect(untagged, c).toContain(c);
		// the same document written as PDF/UA-1 passes
		expect(checksOf(compiler.pdf(doc, { pdfStandard: 'ua-1', creationTimestamp: 0 }), 'de')).toEqual([]);
	});
});
