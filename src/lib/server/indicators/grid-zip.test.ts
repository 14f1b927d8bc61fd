import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvFromZip, isCsvEntry } from './grid-zip';
import { ImportError } from '../statistics/import/issues';

async function* pieces(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
	for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}
const read = async (bytes: Uint8Array, limits?: Parameters<typeof csvFromZip>[1]) => {
	const out: Uint8Array[] = [];
	for await (const c of csvFromZip(pieces(bytes), limits)) out.push(c);
	return Buffer.concat(out).toString('latin1');
};
const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		return e instanceof ImportError ? e.issue.code : String(e);
	}
};
const csv = 'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\r\n' + 'CRS3035RES100mN3100100E4400000;4400050;3100150;6\r\n'.repeat(500);

describe('grid ZIP stream', () => {
	it('picks the CSV (deflated or stored) and skips other entries', async () => {
		const bytes = new TextEncoder().encode(csv);
		expect(await read(zipSync({ 'LIESMICH.txt': new TextEncoder().encode('x'), 'dir/Zensus2022_100m.csv': bytes }))).toBe(csv);
		expect(await read(zipSync({ 'a.CSV': [bytes, { level: 0 }] }))).toBe(csv);
		expect(isCsvEntry('__MACOSX/._a.csv')).toBe(false);
		expect(isCsvEntry('folder/.hidden.csv')).toBe(false);
	});

	it('refuses an archive without CSV, a truncated archive, too much content and a suspicious ratio', async () => {
		const bytes = new TextEncoder().encode(csv);
		expect(await code(read(zipSync({ 'a.pdf': bytes })))).toBe('gridZipNoCsv');
		const zip = zipSync({ 'a.csv': bytes });
		expect(await code(read(zip.subarray(0, Math.floor(zip.byteLength / 2))))).toBe('zipInvalid');
		expect(await code(read(zip, { maxUncompressedBytes: 1000, maxRatio: 1e9 }))).toBe('zipTooLarge');
		const big = new TextEncoder().encode(csv.repeat(200));
		expect(await code(read(zipSync({ 'a.csv': [big, { level: 9 }] }), { maxUncompressedBytes: 1e9, maxRatio: 100 }))).toBe('gridZipRatio');
		expect(await code(read(new TextEncoder().encode('not a zip at all')))).not.toBe('ok');
	});
});
