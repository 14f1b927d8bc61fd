import QRCode from 'qrcode';

/** The QR code of a link as standalone SVG (error correction M: survives a crease or a bit of tape on a poster). */
export async function qrSvg(url: string, label: string): Promise<string> {
	const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
	const esc = label.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
	return svg.replace('<svg ', `<svg role="img" aria-label="${esc}" `);
}
