/**
 * The cooperation network as one server-rendered SVG (no JavaScript needed): actors on a circle, grouped by
 * kind (deterministic, see circleLayout), cooperations as lines. Node size follows the number of links; key
 * persons have a double ring, so the marker is not colour alone. Every node and line has a <title>; the
 * page shows the same links as a table beside it.
 */
import { circleLayout, escapeXml, shorten, type NetworkLink, type NetworkNode } from '../../domain/actors';
import { actorKinds, collator } from './actors.repository';

/** Colours per kind (Okabe–Ito and darker tones; legible on white, and kind is also in the legend text). */
const kindColours: Record<string, string> = {
	administration: '#0072B2',
	politics: '#CC79A7',
	'civil-society': '#009E73',
	provider: '#D55E00',
	'migrant-organisation': '#7A5195',
	school: '#E69F00',
	kita: '#56B4E9',
	'religious-community': '#8C6D31',
	'housing-company': '#4D4D4D',
	business: '#B2182B',
	other: '#999999'
};

export function networkSvg(o: {
	nodes: NetworkNode[];
	links: NetworkLink[];
	title: string;
	kindLabel: (kind: string) => string;
	keyPersonLabel: string;
	size?: number;
}): string {
	const size = o.size ?? 760;
	const placed = circleLayout(o.nodes, o.links, { size, kindOrder: actorKinds, connectedOnly: false, compare: collator.compare });
	const at = new Map(placed.map((p) => [p.id, p]));
	const names = new Map(o.nodes.map((n) => [n.id, n.name]));
	const lines = o.links
		.map((l) => {
			const a = at.get(l.a);
			const b = at.get(l.b);
			if (!a || !b) return '';
			const title = `${names.get(l.a)} – ${names.get(l.b)}${l.description ? `: ${l.description}` : ''}`;
			return `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="#5f6b7a" stroke-width="1.5" stroke-opacity="0.7"><title>${escapeXml(title)}</title></line>`;
		})
		.join('');
	const nodes = placed
		.map((p) => {
			const r = 5 + Math.min(p.degree, 8);
			const colour = kindColours[p.kind] ?? kindColours.other;
			const ring = p.keyPerson ? `<circle cx="${p.x}" cy="${p.y}" r="${r + 3}" fill="none" stroke="#1a1a1a" stroke-width="1.5"/>` : '';
			const title = `${p.name} (${o.kindLabel(p.kind)}${p.keyPerson ? `, ${o.keyPersonLabel}` : ''})`;
			return (
				`<g><title>${escapeXml(title)}</title>${ring}<circle cx="${p.x}" cy="${p.y}" r="${r}" fill="${colour}" stroke="#fff" stroke-width="1"/>` +
				`<text x="${p.lx}" y="${p.ly}" dy="0.35em" font-size="11" text-anchor="${p.anchor}">${escapeXml(shorten(p.name))}</text></g>`
			);
		})
		.join('');
	const kinds = actorKinds.filter((k) => o.nodes.some((n) => n.kind === k));
	const legendTop = size + 4;
	const legend = kinds
		.map((k, i) => {
			const x = 10 + (i % 3) * 250;
			const y = legendTop + Math.floor(i / 3) * 20;
			return `<circle cx="${x + 6}" cy="${y + 6}" r="6" fill="${kindColours[k]}"/><text x="${x + 18}" y="${y + 10}" font-size="12">${escapeXml(o.kindLabel(k))}</text>`;
		})
		.join('');
	const rows = Math.ceil(kinds.length / 3);
	const keyY = legendTop + rows * 20;
	const keyLegend = `<circle cx="16" cy="${keyY + 6}" r="6" fill="#999"/><circle cx="16" cy="${keyY + 6}" r="9" fill="none" stroke="#1a1a1a" stroke-width="1.5"/><text x="30" y="${keyY + 10}" font-size="12">${escapeXml(o.keyPersonLabel)}</text>`;
	const height = keyY + 26;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${height}" width="100%" role="img" aria-labelledby="network-title" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#1a1a1a">` +
		`<title id="network-title">${escapeXml(o.title)}</title><rect width="100%" height="100%" fill="#fff"/>` +
		`<g class="links">${lines}</g><g class="nodes">${nodes}</g><g class="legend">${legend}${keyLegend}</g></svg>`
	);
}
