/**
 * The `?next=` target after login, accepted only as a same-site relative path ("/m/berlin/districts?x=1").
 * Anything else – absolute URLs, protocol-relative "//evil", backslash tricks, control characters – gives null.
 */
export function safeNext(next: string | null | undefined): string | null {
	if (!next || next.length > 2000) return null;
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
	if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
	try {
		const base = 'http://same.invalid';
		const u = new URL(next, base);
		if (u.origin !== base) return null;
		if (u.pathname.startsWith('/login') || u.pathname.startsWith('/logout')) return null;
		return u.pathname + u.search + u.hash;
	} catch {
		return null;
	}
}

/** Where a user goes after logging in: the requested page, their only municipality, or the start page. */
export function landingPath(next: string | null, municipalities: { slug: string }[]): string {
	return safeNext(next) ?? (municipalities.length === 1 ? `/m/${municipalities[0].slug}/districts` : '/');
}
