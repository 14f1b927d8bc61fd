import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { createTenant } from '../testing/fixtures';
import { ValidationError } from '../core/errors';
import { createActionPlan } from '../plans/create-action-plan';
import { createGoal } from '../plans/create-goal';
import { createMeasure } from '../plans/create-measure';
import { updateMeasureProgress } from '../plans/update-measure-progress';
import { submitPlanVersion } from '../plans/submit-plan-version';
import { resolvePlanVersion } from '../plans/resolve-plan-version';
import { fieldIds, insertDistrict } from '../plans/test-helpers';
import { createNews } from './create-news';
import { updatePortalSettings } from './update-portal-settings';
import { loadPublicDistrict } from './public-plan';
import { listNews } from './portal.repository';
import { findPublicStamp } from './public-content';
import { compactHtml, isCacheable, PageCache, servePublicPage, type CachedPage } from './page-cache';
import { submitFeedback } from './submit-feedback';

const html = (body: string, headers: Record<string, string> = {}) => new Response(`<!doctype html><html><body>${body}</body></html>`, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

describe.each(dbKinds())('public page cache [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;
	let nord: string;
	let other: string;
	let plan: string;
	let measure: string;
	const cache = new PageCache(8 * 1024 * 1024);
	let renders = 0;

	/** Renders the district page's content as the route does (the resolved plan with progress, the news). */
	const render = (municipalityId: string, districtId: string, locale: string) => async () => {
		renders++;
		const view = await loadPublicDistrict(t.db.kysely, municipalityId, districtId, (d) => `Karte ${d}`);
		const news = await listNews(t.db.kysely, municipalityId, { publishedOnly: true, today: '2026-11-25', districtId, limit: 5 });
		const plan = view?.plan;
		const body = plan
			? `<h1 lang="${locale}">${plan.title}</h1><!--[--><p>Version ${plan.version.number}</p><!--]-->` +
				plan.groups.flatMap((g) => g.measures.map((m) => `<p>${m.title}: ${m.currentStatus}</p>`)).join('') +
				news.map((n) => `<p>${n.title}</p>`).join('')
			: '<p>kein Plan</p>';
		return html(body);
	};
	const get = async (slug: string, municipalityId: string, districtId: string, opts: { locale?: string; headers?: Record<string, string>; day?: string } = {}) => {
		const locale = opts.locale ?? 'de';
		const path = `/p/${slug}/districts/${districtId}${locale === 'de' ? '' : `?lang=${locale}`}`;
		return servePublicPage({ db: t.db.kysely, cache, slug, path, locale, request: new Request(`http://x${path}`, { headers: opts.headers }), render: render(municipalityId, districtId, locale), day: opts.day ?? '2026-11-25' });
	};
	const getA = (opts?: Parameters<typeof get>[3]) => get(a.municipality.slug, a.municipality.id, nord, opts);
	const getB = (opts?: Parameters<typeof get>[3]) => get(b.municipality.slug, b.municipality.id, other, opts);

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db);
		b = await createTenant(t.db);
		nord = await insertDistrict(t.db, a.municipality.id, 'Nordstadt');
		other = await insertDistrict(t.db, b.municipality.id, 'Altstadt');
		const fields = await fieldIds(t.db, a.municipality.id);
		plan = (await createActionPlan({ ctx: a.ctx, input: { districtId: nord, title: 'Aktionsplan Nordstadt' } })).id;
		const goal = (await createGoal({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Bildung stärken', priority: 1 } })).id;
		measure = (await createMeasure({ ctx: a.ctx, input: { planId: plan, actionFieldId: fields.education, title: 'Sprachcafé', goalIds: [goal], spatialScope: 'district' } })).id;
		const v1 = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: '' } });
		await resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: v1.id, input: { body: 'Rat der Stadt', date: '2026-03-12', referenceNumber: 'DS 1/2026' } });
	});
	afterAll(async () => t.cleanup());

	it('a hit returns the identical bytes without rendering; changes of the living plan, news, a new resolved version and the settings are visible on the next request; the other municipality keeps its entry', async () => {
		const first = await getA();
		expect(first.status).toBe(200);
		expect(first.headers.get('x-portal-cache')).toBe('miss');
		expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
		expect(first.headers.get('vary')).toContain('Accept-Language');
		expect(first.headers.get('last-modified')).toMatch(/GMT$/);
		const firstBytes = Buffer.from(await first.arrayBuffer());
		// No hydration markers on a page without a script.
		expect(firstBytes.toString()).not.toContain('<!--[');
		expect(firstBytes.toString()).toContain('Sprachcafé: planned');
		const n = renders;
		const second = await getA();
		expect(second.headers.get('x-portal-cache')).toBe('hit');
		expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
		expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
		expect(renders).toBe(n);

		// The other municipality's page is cached too, and stays cached through all of a's changes below.
		await getB();
		const rendersB = renders;

		const stamp = (await findPublicStamp(t.db.kysely, a.municipality.slug))!;
		await updateMeasureProgress({ ctx: a.ctx, measureId: measure, input: { status: 'in-progress' } });
		expect((await findPublicStamp(t.db.kysely, a.municipality.slug))!.version).toBe(stamp.version + 1);
		const afterProgress = await getA();
		expect(afterProgress.headers.get('x-portal-cache')).toBe('miss');
		expect(await afterProgress.text()).toContain('Sprachcafé: in-progress');
		expect(afterProgress.headers.get('etag')).not.toBe(first.headers.get('etag'));

		await createNews({ ctx: a.ctx, input: { title: 'Sprachcafé eröffnet', publishedOn: '2026-04-01', published: 'on', districtId: nord } });
		expect(await (await getA()).text()).toContain('Sprachcafé eröffnet');

		const v2 = await submitPlanVersion({ ctx: a.ctx, planId: plan, input: { note: '' } });
		// A submitted version is not public, but the version is bumped anyway (any audited change): re-rendered, same content.
		expect(await (await getA()).text()).toContain('Version 1');
		await resolvePlanVersion({ ctx: a.ctx, planId: plan, versionId: v2.id, input: { body: 'Rat der Stadt', date: '2026-09-01', referenceNumber: 'DS 7/2026' } });
		expect(await (await getA()).text()).toContain('Version 2');

		// A refused change writes nothing and bumps nothing: still a hit.
		const before = (await findPublicStamp(t.db.kysely, a.municipality.slug))!.version;
		await expect(createNews({ ctx: a.ctx, input: { title: ' ', publishedOn: 'gestern' } })).rejects.toBeInstanceOf(ValidationError);
		expect((await findPublicStamp(t.db.kysely, a.municipality.slug))!.version).toBe(before);
		expect((await getA()).headers.get('x-portal-cache')).toBe('hit');

		// A resident's feedback is recorded but never public: the cache keeps its entry (and the version row is not locked).
		await submitFeedback({ db: t.db, municipalityId: a.municipality.id, input: { topic: 'other', message: 'Danke für den Plan.' }, clientAddress: '198.51.100.9', language: 'de' });
		expect((await findPublicStamp(t.db.kysely, a.municipality.slug))!.version).toBe(before);
		expect((await getA()).headers.get('x-portal-cache')).toBe('hit');

		// Settings (e.g. the public languages) are a change too.
		await updatePortalSettings({
			ctx: a.ctx,
			input: {
				enabled: 'on',
				languages: ['en', 'tr'],
				licence: 'cc-by-4.0',
				attribution: 'Stadt Beispiel',
				imprintUrl: 'https://www.beispiel.de/impressum',
				privacyUrl: '',
				feedbackEmail: 'integration@beispiel.de',
				feedbackPhone: '',
				a11yStatus: 'partial',
				a11yNonAccessible: 'Karten sind Grafiken.',
				a11yPreparedOn: '2026-05-01',
				a11yReviewedOn: '2026-09-01',
				a11yMethod: 'self-assessment',
				a11yEnforcementBody: 'Landesbeauftragte für digitale Barrierefreiheit',
				a11yEnforcementUrl: 'https://www.berlin.de/moderne-verwaltung/barrierefreie-it/'
			}
		});
		expect((await getA()).headers.get('x-portal-cache')).toBe('miss');

		// Through all of this, b's page was never rendered again.
		const again = await getB();
		expect(again.headers.get('x-portal-cache')).toBe('hit');
		expect(renders).toBe(rendersB + 5);
		// A new day: news dated today appear without any write, so the day is part of the stamp.
		expect((await getB({ day: '2026-11-26' })).headers.get('x-portal-cache')).toBe('miss');
	});

	it('each language has its own entry; conditional requests get 304; gzip when accepted', async () => {
		const de = await getA();
		const en = await getA({ locale: 'en' });
		expect(en.headers.get('x-portal-cache')).toBe('miss');
		expect(await en.text()).toContain('lang="en"');
		expect((await getA({ locale: 'de-x-ls' })).headers.get('x-portal-cache')).toBe('miss');
		expect((await getA({ locale: 'en' })).headers.get('x-portal-cache')).toBe('hit');
		const deBody = await de.text();

		const etag = de.headers.get('etag')!;
		const n = renders;
		const r304 = await getA({ headers: { 'if-none-match': `"other", ${etag}` } });
		expect(r304.status).toBe(304);
		expect(await r304.text()).toBe('');
		expect(r304.headers.get('etag')).toBe(etag);
		expect((await getA({ headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
		expect((await getA({ headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
		expect((await getA({ headers: { 'if-modified-since': de.headers.get('last-modified')! } })).status).toBe(304);
		expect((await getA({ headers: { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' } })).status).toBe(200);
		expect(renders).toBe(n);
		// After a change the old ETag no longer matches.
		await updateMeasureProgress({ ctx: a.ctx, measureId: measure, input: { status: 'completed' } });
		const changed = await getA({ headers: { 'if-none-match': etag } });
		expect(changed.status).toBe(200);
		expect(await changed.text()).not.toBe(deBody);

		const gz = await getA({ headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		const plain = await getA();
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(await plain.text());
		expect(gz.headers.get('etag')).not.toBe(plain.headers.get('etag'));
		expect((await getA({ headers: { 'accept-encoding': 'gzip;q=0' } })).headers.get('content-encoding')).toBeNull();
		expect((await getA({ headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.get('etag')! } })).status).toBe(304);
	});

	it('never keeps pages with Set-Cookie, a POST form, an error status or a private answer; an unknown municipality is rendered, not kept', async () => {
		const own = new PageCache(1024 * 1024);
		let count = 0;
		const serve = (res: () => Response, slug = a.municipality.slug) =>
			servePublicPage({ db: t.db.kysely, cache: own, slug, path: `/p/${slug}/x`, locale: 'de', request: new Request('http://x/'), render: async () => (count++, res()), day: '2026-11-25' });
		for (const res of [
			() => html('<p>x</p>', { 'set-cookie': 'a=b' }),
			() => html('<form method="post" action="?/send"><input name="_csrf" value="secret"></form>'),
			() => html('<FORM class="x" METHOD=POST></FORM>'),
			() => new Response('<p>404</p>', { status: 404, headers: { 'content-type': 'text/html' } }),
			() => html('<p>x</p>', { 'cache-control': 'private, no-store' }),
			() => new Response('{}', { headers: { 'content-type': 'application/json' } })
		]) {
			count = 0;
			const first = await serve(res);
			await first.text();
			expect(first.headers.get('x-portal-cache')).toBeNull();
			await (await serve(res)).text();
			expect(count).toBe(2);
		}
		// The form page is answered as rendered (body intact) even though it is not kept.
		expect(await (await serve(() => html('<form method="post"><input name="_csrf" value="tok"></form>'))).text()).toContain('value="tok"');
		expect(own.size).toBe(0);
		count = 0;
		await serve(() => html('<p>x</p>'), 'no-such-slug');
		await serve(() => html('<p>x</p>'), 'no-such-slug');
		expect(count).toBe(2);
		expect(own.size).toBe(0);
	});

	it('concurrent readers of a page being rendered wait for the one rendering', async () => {
		const own = new PageCache(1024 * 1024);
		let count = 0;
		const serve = () =>
			servePublicPage({
				db: t.db.kysely,
				cache: own,
				slug: b.municipality.slug,
				path: '/p/b/slow',
				locale: 'de',
				request: new Request('http://x/'),
				render: async () => {
					count++;
					await new Promise((r) => setTimeout(r, 50));
					return html('<p>langsam</p>');
				},
				day: '2026-11-25'
			});
		const all = await Promise.all([serve(), serve(), serve(), serve()]);
		expect(count).toBe(1);
		for (const r of all) expect(await r.text()).toContain('langsam');
	});
});

describe('page cache (memory)', () => {
	const entry = (bytes: number): CachedPage => ({ body: Buffer.alloc(bytes, 120), gzip: null, etag: '"x"', lastModified: '', lastModifiedMs: 0, stamp: '1|d', headers: [], size: 0 });

	it('evicts the least recently used entries beyond the byte budget and refuses pages over a quarter of it', () => {
		const c = new PageCache(100_000);
		for (let i = 0; i < 5; i++) expect(c.set(`k${i}`, entry(20_000))).toBe(true);
		// 5 × (20,000 + overhead) > 100,000: the oldest went.
		expect(c.bytes).toBeLessThanOrEqual(100_000);
		expect(c.get('k0')).toBeUndefined();
		expect(c.get('k1')).toBeDefined(); // now the most recently used
		c.set('k5', entry(20_000));
		expect(c.get('k2')).toBeUndefined();
		expect(c.get('k1')).toBeDefined();
		expect(c.bytes).toBeLessThanOrEqual(100_000);
		expect(c.set('huge', entry(30_000))).toBe(false);
		expect(c.get('huge')).toBeUndefined();
		// Replacing a key does not count it twice.
		const used = c.bytes;
		c.set('k5', entry(20_000));
		expect(c.bytes).toBe(used);
		c.clear();
		expect([c.size, c.bytes]).toEqual([0, 0]);
	});

	it('removes hydration markers only from pages without a script; escaped user text is untouched', () => {
		const page = '<div><!--[--><p>a</p><!--]--><!----><!--[0--><b>&lt;!--[--&gt;</b><!--]--><!--[!--><i></i><!--]--></div><!--uc3b08-->';
		expect(compactHtml(page)).toBe('<div><p>a</p><b>&lt;!--[--&gt;</b><i></i></div>');
		const withScript = `${page}<script type="module">start()</script>`;
		expect(compactHtml(withScript)).toBe(withScript);
		expect(isCacheable(new Response('x', { headers: { 'content-type': 'text/html' } }))).toBe(true);
	});
});
