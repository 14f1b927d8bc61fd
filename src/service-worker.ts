/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The kiosk's service worker: lets a tablet at an event reload the kiosk page (/s/<token>/kiosk?key=…) while offline.
 *
 * It is registered ONLY by the kiosk page, with the scope /s/<token>/kiosk (svelte.config.js turns SvelteKit's
 * automatic registration off), so it controls nothing else; should it ever be registered with another scope it
 * unregisters itself. What it does:
 * - the kiosk page (GET navigation): network first, so a changed survey is picked up while online; the copy kept for
 *   offline use is fetched WITHOUT cookies, so a team member's session (name, CSRF token) never lands in the cache.
 *   Offline, the kept copy is served only for the same kiosk key, marked with data-kiosk-cache on <html>.
 * - the build's immutable JS/CSS: cache first (their names carry a content hash); static files: network first.
 * Everything else – /m/…, /api/…, /login, the answer uploads (POST), other origins – is not intercepted at all.
 * Cache Storage is per origin: the kept page (which carries the kiosk key) is readable only by this origin.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const PAGES = 'quartier-kiosk-pages';
const ASSETS = 'quartier-kiosk-assets';
const KIOSK_PATH = /^\/s\/[^/]+\/kiosk$/;
const buildSet = new Set(build);
const fileSet = new Set(files);

const isKioskScope = () => KIOSK_PATH.test(new URL(sw.registration.scope).pathname);

/** The cache key of a kiosk page: only the parameters that shape it (key, lang); `saved=1` and others are dropped. */
function pageKey(url: URL): string {
	const k = new URL(url.pathname, url.origin);
	for (const name of ['key', 'lang']) {
		const v = url.searchParams.get(name);
		if (v) k.searchParams.set(name, v);
	}
	return k.href;
}

/** The build assets a kiosk page needs: every /_app/immutable/… file its HTML names (modulepreload, CSS, entry imports). */
function assetsOf(html: string): string[] {
	const out = new Set<string>();
	for (const m of html.matchAll(/["'(](\/_app\/immutable\/[^"'()\s]+)/g)) if (buildSet.has(m[1])) out.add(m[1]);
	for (const f of files) if (html.includes(`"${f}"`)) out.add(f);
	return [...out];
}

/** Keeps an anonymous copy of a kiosk page and the assets it references. */
async function keepPage(url: URL): Promise<boolean> {
	const res = await fetch(url.href, { credentials: 'omit', cache: 'no-store', redirect: 'error' });
	if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	const html = await res.text();
	const assets = await caches.open(ASSETS);
	await Promise.all(
		assetsOf(html).map(async (a) => {
			if (!buildSet.has(a) || !(await assets.match(a))) await assets.add(a);
		})
	);
	const headers = new Headers({ 'content-type': res.headers.get('content-type')!, 'x-kiosk-cached-at': new Date().toISOString() });
	await (await caches.open(PAGES)).put(pageKey(url), new Response(html, { status: 200, headers }));
	return true;
}

/** The kept copy for this kiosk key (the same language if kept, else any), marked as coming from the cache. */
async function cachedPage(url: URL): Promise<Response | undefined> {
	const pages = await caches.open(PAGES);
	let hit = await pages.match(pageKey(url));
	if (!hit) {
		const key = url.searchParams.get('key');
		for (const candidate of await pages.matchAll(url.pathname, { ignoreSearch: true })) {
			if (key && new URL(candidate.url).searchParams.get('key') === key) {
				hit = candidate;
				break;
			}
		}
	}
	if (!hit) return undefined;
	const html = (await hit.text()).replace(/<html(\s|>)/, `<html data-kiosk-cache="${hit.headers.get('x-kiosk-cached-at') ?? ''}"$1`);
	return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

async function kioskNavigation(event: FetchEvent, url: URL): Promise<Response> {
	try {
		const res = await fetch(event.request);
		// Refreshed in the background; a failure keeps the previous copy.
		if (res.status === 200) event.waitUntil(keepPage(url).catch(() => false));
		// A server or proxy in trouble (502, 503, …) is as good as no connection for the kiosk.
		if (res.status >= 500) return (await cachedPage(url)) ?? res;
		return res;
	} catch (e) {
		const hit = await cachedPage(url);
		if (hit) return hit;
		throw e;
	}
}

async function immutableAsset(request: Request, path: string): Promise<Response> {
	const assets = await caches.open(ASSETS);
	const hit = await assets.match(path);
	if (hit) return hit;
	const res = await fetch(request);
	if (res.status === 200) await assets.put(path, res.clone());
	return res;
}

async function staticFile(request: Request, path: string): Promise<Response> {
	try {
		const res = await fetch(request);
		if (res.status === 200) await (await caches.open(ASSETS)).put(path, res.clone());
		return res;
	} catch (e) {
		const hit = await (await caches.open(ASSETS)).match(path);
		if (hit) return hit;
		throw e;
	}
}

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			if (!isKioskScope()) {
				await sw.registration.unregister();
				return;
			}
			await sw.clients.claim();
			// Assets of older builds go, unless a kept page still needs them.
			const pages = await caches.open(PAGES);
			const keep = new Set<string>([...build, ...files]);
			for (const p of await pages.matchAll()) for (const m of (await p.text()).matchAll(/["'(](\/_app\/immutable\/[^"'()\s]+)/g)) keep.add(m[1]);
			const assets = await caches.open(ASSETS);
			for (const req of await assets.keys()) if (!keep.has(new URL(req.url).pathname)) await assets.delete(req);
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET' || !isKioskScope()) return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;
	if (req.mode === 'navigate') {
		if (KIOSK_PATH.test(url.pathname)) event.respondWith(kioskNavigation(event, url));
		return;
	}
	if (buildSet.has(url.pathname) && url.pathname.startsWith('/_app/immutable/')) event.respondWith(immutableAsset(req, url.pathname));
	else if (fileSet.has(url.pathname)) event.respondWith(staticFile(req, url.pathname));
});

/**
 * The kiosk page asks to be kept for offline use right after registering (its first load did not pass through the
 * worker). The page's URL comes from the browser (the message's source), never from the message.
 */
sw.addEventListener('message', (event) => {
	const source = event.source as Client | null;
	const port = event.ports[0];
	if (event.data?.type !== 'kiosk-keep' || !source || !port) return;
	const url = new URL(source.url);
	if (url.origin !== sw.location.origin || !KIOSK_PATH.test(url.pathname) || !isKioskScope()) {
		port.postMessage({ kept: false });
		return;
	}
	event.waitUntil(
		keepPage(url)
			.catch(() => false)
			.then((kept) => port.postMessage({ kept, version }))
	);
});
