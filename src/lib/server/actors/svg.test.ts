import { describe, expect, it } from 'vitest';
import { escapeXml, shorten } from '../../domain/actors';
import { networkSvg } from './network-svg';
import { activityMapSvg } from './activity-map';

describe('server-rendered SVG of the actor inventory', () => {
	it('escapes names in server-rendered SVG', () => {
		expect(escapeXml('<script>"&\'')).toBe('&lt;script&gt;&quot;&amp;&#39;');
		expect(shorten('x'.repeat(40), 10)).toHaveLength(10);
		const svg = networkSvg({
			nodes: [
				{ id: 'a', name: '<script>alert(1)</script>', kind: 'other', keyPerson: true },
				{ id: 'b', name: 'B & C', kind: 'school', keyPerson: false }
			],
			links: [{ a: 'a', b: 'b', description: '"quoted"' }],
			title: 'Netz',
			kindLabel: (k) => k,
			keyPersonLabel: 'Schlüsselperson'
		});
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('B &amp; C');
		expect(svg.match(/<line /g)).toHaveLength(1);
		const map = activityMapSvg({ points: [{ n: 1, lat: 52.47, lon: 13.42, label: '<b>Café</b>', stale: true }], districts: [], title: 'Karte' });
		expect(map).toContain('&lt;b&gt;Café&lt;/b&gt;');
		expect(map).toContain('<rect x=');
		expect(activityMapSvg({ points: [], districts: [], title: 'Karte' })).toBeNull();
	});
});
