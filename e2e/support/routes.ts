import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface DiscoveredRoute {
	/** URL pattern with [param] placeholders, e.g. /m/[municipality]/districts/[districtId] */
	pattern: string;
	params: string[];
	kind: 'page' | 'endpoint';
	/** Named form actions of the page ('default' for an unnamed one); HTTP methods of an endpoint. */
	actions: string[];
	methods: string[];
	file: string;
}

const ROUTES = 'src/routes';

/**
 * Every page and endpoint in src/routes, read from the file system, so that a route added later is covered by
 * the tenant-isolation test without anyone remembering to list it.
 */
export function discoverRoutes(): DiscoveredRoute[] {
	const out: DiscoveredRoute[] = [];
	const walk = (dir: string) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name));
		const rel = relative(ROUTES, dir).split(sep).filter((s) => s && !/^\(.*\)$/.test(s));
		const pattern = '/' + rel.join('/');
		const params = [...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
		const pageServer = ['+page.server.ts', '+page.server.js'].map((f) => join(dir, f)).find(existsSync);
		if (existsSync(join(dir, '+page.svelte'))) {
			out.push({ pattern, params, kind: 'page', actions: pageServer ? formActions(readFileSync(pageServer, 'utf8')) : [], methods: ['GET'], file: dir });
		}
		const endpoint = ['+server.ts', '+server.js'].map((f) => join(dir, f)).find(existsSync);
		if (endpoint) {
			const src = readFileSync(endpoint, 'utf8');
			const methods = [...src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
			out.push({ pattern, params, kind: 'endpoint', actions: [], methods, file: endpoint });
		}
	};
	walk(ROUTES);
	return out;
}

/**
 * Names of the form actions in a +page.server.ts: the keys at the first indentation level of
 * `export const actions = { … }` (code is formatted with tabs). An actions block whose keys cannot be read
 * yields ['?'] so the test fails loudly instead of silently skipping it.
 */
function formActions(src: string): string[] {
	const start = src.search(/export\s+const\s+actions\b/);
	if (start < 0) return [];
	const names = new Set<string>();
	for (const line of src.slice(start).split('\n').slice(1)) {
		if (/^\S/.test(line)) break; // the closing brace of the block (or the next top-level statement)
		const m = /^\t(?:async\s+)?([A-Za-z_$][\w$]*)\s*[:(]/.exec(line);
		if (m) names.add(m[1]);
	}
	return names.size ? [...names] : ['?'];
}

export function fillPattern(pattern: string, values: Record<string, string>): string {
	return pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => {
		const v = values[name];
		if (v === undefined) throw new Error(`No value for route parameter [${name}] in ${pattern}: add it to the tenant-isolation test`);
		return encodeURIComponent(v);
	});
}
