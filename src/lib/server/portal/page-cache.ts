/**
 * Cache of rendered public portal pages, per process. An entry is keyed by municipality, path, the `lang` query
 * and the page language (incl. Leichte Sprache), and is valid only for the municipality's public content version
 * (bumped with every audited change, see public-content.ts) and the day (news appear on their date): a staff
 * change shows on the next request. Only anonymous GETs are looked up (the hook decides); only 200 HTML pages
 * without Set-Cookie and without a POST form (CSRF or form tokens, per-visitor state) are stored. Memory is bounded
 * by a byte budget (least recently used entries go first). Answers carry a content ETag and Last-Modified and
 * answer conditional requests with 304; gzip is served to clients that accept it (compressed once per entry).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findPublicStamp } from './public-content';

export interface CachedPage {
	body: Buffer;
	gzip: Buffer | null;
	etag: string;
	/** HTTP date (whole seconds). */
	lastModified: string;
	lastModifiedMs: number;
	/** version|day the page was rendered for. */
	stamp: string;
	headers: [string, string][];
	size: number;
}

const ENTRY_OVERHEAD = 512;

/** A least-recently-used map bounded by the bytes of its entries. */
export class PageCache {
	private map = new Map<string, CachedPage>();
	private used = 0;
	constructor(readonly budgetBytes: number) {}

	get bytes(): number {
		return this.used;
	}
	get size(): number {
		return this.map.size;
	}

	get(key: string): CachedPage | undefined {
		const e = this.map.get(key);
		if (e) {
			this.map.delete(key);
			this.map.set(key, e);
		}
		return e;
	}

	/** Stores the entry (replacing the key's old one) and evicts the least recently used ones over the budget. false: too big to keep. */
	set(key: string, e: CachedPage): boolean {
		this.delete(key);
		e.size = e.body.length + (e.gzip?.length ?? 0) + key.length * 2 + ENTRY_OVERHEAD;
		// One page may take at most a quarter of the budget, so a few huge pages cannot flush everything else.
		if (e.size > this.budgetBytes / 4) return false;
		this.map.set(key, e);
		this.used += e.size;
		this.evict();
		return true;
	}

	/** Called after an entry grew (its gzip copy was added). */
	resize(key: string): void {
		const e = this.map.get(key);
		if (!e) return;
		const size = e.body.length + (e.gzip?.length ?? 0) + key.length * 2 + ENTRY_OVERHEAD;
		this.used += size - e.size;
		e.size = size;
		this.evict();
	}

	delete(key: string): void {
		const e = this.map.get(key);
		if (!e) return;
		this.map.delete(key);
		this.used -= e.size;
	}

	clear(): void {
		this.map.clear();
		this.used = 0;
	}

	private evict(): void {
		for (const [k, e] of this.map) {
			if (this.used <= this.budgetBytes) break;
			this.map.delete(k);
			this.used -= e.size;
		}
	}
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
/** Today in Germany (YYYY-MM-DD); one formatter for the process (creating one per request is slow). */
export const germanDay = (now = new Date()): string => dayFormat.format(now);

/** Svelte's hydration markers (`<!--[-->`, `<!--]-->`, `<!---->`, the head hash): useless on a page that ships no script. */
const hydrationMarkers = /<!--(?:\[[0-9!-]*|\]|[a-z0-9]{0,12})-->/g;

/** Removes the hydration markers from a page without a script (every user text is escaped, so no `<!--` of it is touched). */
export function compactHtml(html: string): string {
	return /<script[\s>]/i.test(html) ? html : html.replace(hydrationMarkers, '');
}

const postForm = /<form\b[^>]*\bmethod\s*=\s*["']?post/i;
const keptHeaders = (h: Headers): [string, string][] =>
	[...h].filter(([k]) => !['set-cookie', 'content-length', 'etag', 'last-modified', 'cache-control', 'vary', 'x-request-id', 'date', 'content-encoding'].includes(k));

/** Whether a rendered answer may be kept for every anonymous reader. */
export function isCacheable(res: Response): boolean {
	if (res.status !== 200) return false;
	if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	if (res.headers.has('set-cookie')) return false;
	const cc = res.headers.get('cache-control') ?? '';
	return !/private|no-store/i.test(cc);
}

const httpDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();

function toEntry(html: string, res: Response, stamp: string, changedAt: string | null): CachedPage | null {
	if (postForm.test(html)) return null;
	const body = Buffer.from(compactHtml(html));
	// Last-Modified: the last public change (never later than now); the render time before the first change.
	const ms = Math.min(Date.now(), changedAt ? Date.parse(changedAt) : Date.now());
	return {
		body,
		gzip: null,
		etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
		lastModified: httpDate(ms),
		lastModifiedMs: Math.floor(ms / 1000) * 1000,
		stamp,
		headers: keptHeaders(res.headers),
		size: 0
	};
}

const gzEtag = (etag: string) => `${etag.slice(0, -1)}-gz"`;

function notModified(e: CachedPage, req: Request): boolean {
	const inm = req.headers.get('if-none-match');
	if (inm !== null) {
		return inm.split(',').some((t) => {
			const tag = t.trim().replace(/^W\//, '');
			return tag === '*' || tag === e.etag || tag === gzEtag(e.etag);
		});
	}
	const ims = req.headers.get('if-modified-since');
	if (ims === null) return false;
	const t = Date.parse(ims);
	return Number.isFinite(t) && e.lastModifiedMs <= t;
}

function acceptsGzip(req: Request): boolean {
	const ae = req.headers.get('accept-encoding');
	if (!ae) return false;
	return ae.split(',').some((part) => {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (name !== 'gzip' && name !== '*') return false;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		return !q || Number(q.slice(2)) > 0;
	});
}

export const CACHE_CONTROL = 'public, max-age=0, must-revalidate';
const VARY = 'Accept-Encoding, Accept-Language, Cookie';

function answer(cache: PageCache, key: string, e: CachedPage, req: Request, state: 'hit' | 'miss'): Response {
	const gz = acceptsGzip(req);
	const headers = new Headers(e.headers);
	headers.set('etag', gz ? gzEtag(e.etag) : e.etag);
	headers.set('last-modified', e.lastModified);
	headers.set('cache-control', CACHE_CONTROL);
	headers.set('vary', VARY);
	headers.set('x-portal-cache', state);
	if (notModified(e, req)) {
		const h = new Headers();
		for (const k of ['etag', 'last-modified', 'cache-control', 'vary', 'x-portal-cache']) h.set(k, headers.get(k)!);
		return new Response(null, { status: 304, headers: h });
	}
	let body = e.body;
	if (gz) {
		if (!e.gzip) {
			e.gzip = gzipSync(e.body, { level: 6 });
			cache.resize(key);
		}
		body = e.gzip;
		headers.set('content-encoding', 'gzip');
	}
	headers.set('content-length', String(body.length));
	return new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { status: 200, headers });
}

export interface PublicPageRequest {
	db: Kysely<Database>;
	cache: PageCache;
	slug: string;
	/** The path and the only query kept (`?lang=xx` or ''). */
	path: string;
	locale: string;
	request: Request;
	/** Renders the page (SvelteKit's resolve). */
	render: () => Response | Promise<Response>;
	/** Defaults to today in Germany. */
	day?: string;
}

const inflight = new Map<string, Promise<CachedPage | null>>();

/**
 * Answers an anonymous GET of a public page from the cache, or renders it (once for concurrent readers of the
 * same page) and keeps it when it may be kept. An unknown municipality renders normally (404, never kept).
 */
export async function servePublicPage(o: PublicPageRequest): Promise<Response> {
	const stamp = await findPublicStamp(o.db, o.slug);
	if (!stamp) return await o.render();
	const key = `${stamp.municipalityId}\n${o.path}\n${o.locale}`;
	const version = `${stamp.version}|${o.day ?? germanDay()}`;
	const hit = o.cache.get(key);
	if (hit && hit.stamp === version) return answer(o.cache, key, hit, o.request, 'hit');

	const flightKey = `${key}\n${version}`;
	const pending = inflight.get(flightKey);
	if (pending) {
		const e = await pending;
		if (e) return answer(o.cache, key, e, o.request, 'hit');
		return await o.render();
	}
	let own: Response | null = null;
	const work = (async () => {
		const res = await o.render();
		own = res;
		if (!isCacheable(res)) return null;
		const html = await res.text();
		const e = toEntry(html, res, version, stamp.updatedAt);
		// A page with a form is answered as rendered, never kept.
		if (!e) {
			own = new Response(html, { status: res.status, headers: res.headers });
			return null;
		}
		o.cache.set(key, e);
		return e;
	})();
	inflight.set(flightKey, work);
	try {
		const e = await work;
		return e ? answer(o.cache, key, e, o.request, 'miss') : own!;
	} finally {
		inflight.delete(flightKey);
	}
}

let shared: PageCache | null = null;
/** The process's cache with the configured budget; null when switched off (PORTAL_CACHE_MB=0). */
export function portalPageCache(budgetMb: number): PageCache | null {
	if (budgetMb <= 0) return null;
	const bytes = Math.round(budgetMb * 1024 * 1024);
	if (!shared || shared.budgetBytes !== bytes) shared = new PageCache(bytes);
	return shared;
}
