import { describe, expect, it } from 'vitest';
import { landingPath, safeNext } from './redirects';

describe('login redirects', () => {
	it('accepts same-site relative paths only', () => {
		expect(safeNext('/m/berlin/districts?x=1#top')).toBe('/m/berlin/districts?x=1#top');
		for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'm/berlin', '/a\u0000b', '/a\nb', '', null, undefined, '/login', '/logout'])
			expect(safeNext(bad as string), String(bad)).toBeNull();
		// Percent-encoded characters stay encoded, so they cannot split the Location header.
		expect(safeNext('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
	});

	it('lands on the requested page, the only municipality, or the start page', () => {
		expect(landingPath('/account', [{ slug: 'berlin' }])).toBe('/account');
		expect(landingPath(null, [{ slug: 'berlin' }])).toBe('/m/berlin/districts');
		expect(landingPath('https://evil.example', [{ slug: 'berlin' }])).toBe('/m/berlin/districts');
		expect(landingPath(null, [{ slug: 'a' }, { slug: 'b' }])).toBe('/');
		expect(landingPath(null, [])).toBe('/');
	});
});
