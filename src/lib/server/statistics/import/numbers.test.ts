import { describe, expect, it } from 'vitest';
import { detectDecimalConvention, formatGermanNumber, parseNumber } from './numbers';
import { decodeWindows1252, StreamingTextDecoder, detectSeparator } from './text-decoding';

const num = (value: number, extra: Partial<{ percent: boolean; limited: boolean }> = {}) => ({ kind: 'number', value, percent: false, limited: false, ...extra });

describe('parseNumber (German conventions)', () => {
	it.each([
		['1.234,5', 1234.5],
		['1234,5', 1234.5],
		['-3,2', -3.2],
		['−3,2', -3.2],
		['+7', 7],
		['1 234', 1234],
		['1\u00a0234\u202f567,25', 1234567.25],
		['12.345.678', 12345678],
		[',5', 0.5],
		['0', 0],
		['1,5e3', 1500]
	])('%j is %d', (s, v) => expect(parseNumber(s)).toEqual(num(v)));

	it('reads percent and brackets (limited reliability)', () => {
		expect(parseNumber('12,5 %')).toEqual(num(12.5, { percent: true }));
		expect(parseNumber('12,5%')).toEqual(num(12.5, { percent: true }));
		expect(parseNumber('(312)')).toEqual(num(312, { limited: true }));
		expect(parseNumber('( 4,2 % )')).toEqual(num(4.2, { limited: true, percent: true }));
	});

	it.each(['–', '—', '-', '.', 'x', 'X', '/', '•', '...', '…'])('%j is a suppressed marker', (m) => {
		expect(parseNumber(` ${m} `)).toEqual({ kind: 'suppressed', marker: m });
	});

	it('reads a dash as zero when the source says so (DESTATIS "nichts vorhanden")', () => {
		expect(parseNumber('–', { dashMeansZero: true })).toEqual(num(0));
		expect(parseNumber('.', { dashMeansZero: true })).toEqual({ kind: 'suppressed', marker: '.' });
	});

	it('refuses what is not a number in the convention in force', () => {
		for (const s of ['1,234.5', '12.5', '1.23', 'abc', '12 3', '1 2345', '1.2345,6', '--1', '1,2,3', 'NaN', '0x10', '(', '%'])
			expect(parseNumber(s), s).toEqual({ kind: 'text' });
		expect(parseNumber('')).toEqual({ kind: 'empty' });
		expect(parseNumber('   ')).toEqual({ kind: 'empty' });
	});

	it('reads the point convention only when asked', () => {
		expect(parseNumber('1,234.5', { convention: 'point' })).toEqual(num(1234.5));
		expect(parseNumber('12.5', { convention: 'point' })).toEqual(num(12.5));
		expect(parseNumber('1.234,5', { convention: 'point' })).toEqual({ kind: 'text' });
	});

	it('detects the convention of a column by votes, German when undecided', () => {
		expect(detectDecimalConvention(['1.234,5', '12', '3,5'])).toBe('comma');
		expect(detectDecimalConvention(['1,234.5', '12.25', '3'])).toBe('point');
		expect(detectDecimalConvention(['1,234,567'])).toBe('point');
		expect(detectDecimalConvention(['1.234.567'])).toBe('comma');
		expect(detectDecimalConvention(['1.234', '5.678'])).toBe('comma');
		expect(detectDecimalConvention(['1,234', '5,678'], 'point')).toBe('point');
		expect(detectDecimalConvention(['(12.5)', '-3.25 %'])).toBe('point');
	});

	it('formats spreadsheet numbers the German way', () => {
		expect(formatGermanNumber(1234.5)).toBe('1234,5');
		expect(formatGermanNumber(-0.25)).toBe('-0,25');
		expect(formatGermanNumber(1e-7)).toBe('0,0000001');
		expect(parseNumber(formatGermanNumber(1e-7))).toEqual(num(1e-7));
	});
});

describe('text decoding', () => {
	it('maps the Windows-1252 block 0x80–0x9F (Node 20 decodes it as ISO-8859-1)', () => {
		expect(decodeWindows1252(new Uint8Array([0x96, 0x80, 0xfc, 0x84, 0x93]))).toBe('–€ü„“');
	});

	const feed = (chunks: Uint8Array[]) => {
		const d = new StreamingTextDecoder();
		const text = chunks.map((c) => d.push(c)).join('') + d.end();
		return { text, encoding: d.encoding, replacements: d.replacements };
	};
	const split = (b: Uint8Array, size: number) => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));

	it('streams: decides at the first non-ASCII byte, also when it comes late and chunks split characters', () => {
		const ascii = 'GITTER_ID_100m;Einwohner\n' + 'CRS3035RES100mN1;5\n'.repeat(2000);
		const utf8 = Buffer.from(ascii + 'x;–\nMünchen;3\n', 'utf8');
		for (const size of [1, 7, 4096, 1 << 20]) {
			const r = feed(split(utf8, size));
			expect(r.text.endsWith('x;–\nMünchen;3\n')).toBe(true);
			expect(r.encoding).toBe('utf-8');
			expect(r.replacements).toBe(0);
		}
		const latin = Buffer.concat([Buffer.from(ascii), Buffer.from([0x78, 0x3b, 0x96, 0x0a, 0x4d, 0xfc, 0x0a])]);
		for (const size of [1, 5, 1 << 20]) {
			const r = feed(split(latin, size));
			expect(r.encoding).toBe('windows-1252');
			expect(r.text.endsWith('x;–\nMü\n')).toBe(true);
		}
	});

	it('streams: strips a UTF-8 BOM and handles tiny inputs', () => {
		expect(feed([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf, 0x41])])).toMatchObject({ text: 'A', encoding: 'utf-8-bom' });
		expect(feed([new Uint8Array([0x41])])).toMatchObject({ text: 'A', encoding: null });
		expect(feed([new Uint8Array([0xfc])])).toMatchObject({ text: 'ü', encoding: 'windows-1252' });
	});

	it('does not detect a separator in one-column text', () => {
		expect(detectSeparator('Gebiet\nA\nB\n')).toBeNull();
		expect(detectSeparator('a;b\n"x\ny;z";2\n3;4\n')).toBe(';');
	});
});
