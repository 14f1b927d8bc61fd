import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getDb } from '$lib/server/app';
import { config } from '$lib/server/core/config';
import { log } from '$lib/server/core/log';
import { resolveSession, SESSION_COOKIE } from '$lib/server/accounts/sessions';
import { listGrants } from '$lib/server/accounts/accounts.repository';
import { resolveApiToken } from '$lib/server/accounts/api-tokens';
import { findMunicipalityBySlug } from '$lib/server/municipalities/municipalities.repository';
import { htmlLang, isLocale, LOCALE_COOKIE, negotiateLocale, textDir, translate } from '$lib/i18n';
import { findMunicipalityById } from '$lib/server/municipalities/municipalities.repository';
import { problemResponse } from '$lib/server/api/problem';
import { seedDemoIfEmpty } from '$lib/server/seed/seed-demo';
import { startServerJobRunner } from '$lib/server/jobs/server-runner';
import { compactHtml, portalPageCache, servePublicPage } from '$lib/server/portal/page-cache';
import { warmUpPdfRenderer } from '$lib/server/plan-document/render-pdf';

export const init: ServerInit = async () => {
	const cfg = config();
	const db = await getDb();
	startServerJobRunner(db);
	// the Typst worker loads its fonts and compiles a tiny document in the background, so the first plan PDF
	// does not wait for that (a few hundred milliseconds)
	setTimeout(warmUpPdfRenderer, 1000).unref();
	if (cfg.SEED_DEMO === 'true') {
		const seeded = await seedDemoIfEmpty(db, { adminEmail: cfg.ADMIN_EMAIL, adminPassword: cfg.ADMIN_PASSWORD });
		if (seeded) printWelcome(seeded);
	}
};

function printWelcome(s: { municipalitySlug: string; adminEmail: string; adminPassword: string | null }): void {
	const url = process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
	const lines = [
		'',
		'  Quartier is ready.',
		`  Open ${url}/login`,
		`  First admin: ${s.adminEmail}`,
		`  Password:    ${s.adminPassword ?? '(the ADMIN_PASSWORD you configured)'}`,
		`  Demo municipality: ${url}/m/${s.municipalitySlug}/districts`,
		'  (This password is shown only once; change it after logging in.)',
		''
	];
	console.log(lines.join('\n'));
}

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export const handle: Handle = async ({ event, resolve }) => {
	const locals = event.locals;
	locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	locals.db = await getDb();
	locals.user = null;
	locals.municipality = null;
	locals.principal = null;
	locals.csrfToken = null;
	locals.sessionToken = null;

	const queryLang = event.url.searchParams.get('lang');
	const cookieLang = event.cookies.get(LOCALE_COOKIE);
	const setsLangCookie = isLocale(queryLang) && queryLang !== cookieLang;
	if (setsLangCookie) {
		event.cookies.set(LOCALE_COOKIE, queryLang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 31_536_000, secure: event.url.protocol === 'https:' });
	}
	locals.locale = isLocale(queryLang) ? queryLang : isLocale(cookieLang) ? cookieLang : negotiateLocale(event.request.headers.get('accept-language'));

	const path = event.url.pathname;
	const isApi = path.startsWith('/api/');

	if (isApi) {
		const auth = event.request.headers.get('authorization');
		if (auth?.toLowerCase().startsWith('bearer ')) {
			const principal = await resolveApiToken(locals.db.kysely, auth.slice(7).trim());
			if (!principal) return problemResponse(401, 'unauthorized', 'Invalid or revoked API token.', locals.requestId);
			locals.principal = principal;
		}
	}

	const token = event.cookies.get(SESSION_COOKIE);
	if (token && !locals.principal) {
		const session = await resolveSession(locals.db.kysely, token);
		if (session) {
			locals.user = session.user;
			locals.csrfToken = session.csrfToken;
			locals.sessionToken = token;
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

	// Synchronizer token on every form post made with a session (on top of Kit's origin check and SameSite=Lax).
	if (locals.user && event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		const type = event.request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
		if (formTypes.includes(type)) {
			let sent: FormDataEntryValue | null = null;
			try {
				sent = (await event.request.clone().formData()).get('_csrf');
			} catch (e) {
				// A body over BODY_SIZE_LIMIT cannot be read at all: say so (413), not "form expired".
				const status = (e as { status?: number })?.status;
				if (status === 413 || /exceeds limit/i.test(String((e as Error)?.message))) {
					return plainPage(413, translate(locals.locale, 'error.tooLarge'), locals.locale);
				}
				return plainPage(400, translate(locals.locale, 'error.invalid'), locals.locale);
			}
			if (sent !== locals.csrfToken) {
				return plainPage(403, translate(locals.locale, 'error.csrf'), locals.locale);
			}
		}
	}

	// Tenant routes: /m/<slug>/… resolve the municipality and the user's role grants there.
	const m = /^\/m\/([a-z0-9-]+)(\/|$)/.exec(path);
	if (m && locals.user) {
		const municipality = await findMunicipalityBySlug(locals.db.kysely, m[1]);
		if (municipality) {
			const grants = await listGrants(locals.db.kysely, municipality.id, locals.user.id);
			if (grants.length > 0 || locals.user.isSuperadmin) {
				locals.municipality = municipality;
				locals.principal = {
					userId: locals.user.id,
					municipalityId: municipality.id,
					grants: grants.length > 0 ? grants : [{ role: 'admin', actorId: null, districtIds: null }],
					isSuperadmin: locals.user.isSuperadmin,
					via: 'session'
				};
			}
		}
	} else if (locals.principal && isApi) {
		locals.municipality = (await findMunicipalityById(locals.db.kysely, locals.principal.municipalityId)) ?? null;
	}

	// Public pages ship no script: Svelte's hydration markers go (a whole document in one chunk without a script only).
	const publicPage = path.startsWith('/p/');
	const render = () =>
		resolve(event, {
			transformPageChunk: ({ html, done }) => {
				const out = html.replace('%lang%', htmlLang(locals.locale)).replace('%dir%', textDir(locals.locale));
				return publicPage && done && out.startsWith('<!doctype') ? compactHtml(out) : out;
			}
		});
	// Public portal pages read anonymously (no session cookie, no language cookie to set, no query but `lang`) come
	// from the page cache, which checks the municipality's public content version on every request.
	const portal = event.request.method === 'GET' && !token && !setsLangCookie ? /^\/p\/([a-z0-9-]+)(?:\/|$)/.exec(path) : null;
	const onlyLang = [...event.url.searchParams.keys()].every((k) => k === 'lang') && event.url.searchParams.getAll('lang').length <= 1;
	const cache = portal && onlyLang ? portalPageCache(config().PORTAL_CACHE_MB) : null;
	const response = cache
		? await servePublicPage({ db: locals.db.kysely, cache, slug: portal![1], path: isLocale(queryLang) ? `${path}?lang=${queryLang}` : path, locale: locals.locale, request: event.request, render })
		: await render();
	response.headers.set('x-request-id', locals.requestId);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
	return response;
};

/** A minimal accessible page for answers given before the app renders (body too large, CSRF). */
function plainPage(status: number, message: string, locale: Parameters<typeof htmlLang>[0]): Response {
	const esc = (t: string) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
	const html = `<!doctype html><html lang="${htmlLang(locale)}" dir="${textDir(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} – Quartier</title><link rel="stylesheet" href="/app.css"></head><body><main id="main"><h1>${esc(translate(locale, 'page.errorTitle', { status }))}</h1><p>${esc(message)}</p><p><a href="/">${esc(translate(locale, 'page.toStart'))}</a></p></main></body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	if (status !== 404) {
		log('error', 'unhandled error', {
			requestId,
			path: event.url.pathname,
			status,
			error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error)
		});
	}
	return { message: status === 404 ? 'Not Found' : message, requestId };
};
