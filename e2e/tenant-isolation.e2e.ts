import { expect, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';
import { csrfToken, login } from './support/login';
import { discoverRoutes, fillPattern } from './support/routes';

/**
 * Tenant isolation, route by route: a user of the demo municipality calls every page, form action and API
 * endpoint with the ids of another municipality. Each must answer 404 and change nothing in either
 * municipality. Routes are discovered from src/routes, so new routes are covered automatically; a route
 * parameter the fixture does not know fails the test.
 */
test.describe.configure({ mode: 'serial' });

let db: Db;
let other: Awaited<ReturnType<typeof createForeignTenant>>;
let local: Awaited<ReturnType<typeof createLocalAdmin>>;
const routes = discoverRoutes();
const tenantPages = routes.filter((r) => r.kind === 'page' && r.pattern.startsWith('/m/[municipality]'));
const apiEndpoints = routes.filter((r) => r.kind === 'endpoint' && r.pattern.startsWith('/api/v1') && r.params.length > 0);
const publicRoutes = routes.filter((r) => r.pattern.startsWith('/p/[municipality]') && r.params.length > 1);

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	other = await createForeignTenant(db);
	local = await createLocalAdmin(db, 'berlin');
});
test.afterAll(async () => {
	await db?.close();
});

test('routes were discovered', () => {
	expect(tenantPages.length).toBeGreaterThan(3);
	for (const r of tenantPages) expect(r.actions, `${r.pattern}: form actions could not be read`).not.toContain('?');
});

test('pages of another municipality by its slug answer 404', async ({ page }) => {
	await login(page, local.email, local.password);
	for (const r of tenantPages.filter((r) => r.params.length === 1)) {
		const url = fillPattern(r.pattern, { municipality: other.municipality.slug });
		const res = await page.request.get(url, { maxRedirects: 0 });
		expect(res.status(), `GET ${url}`).toBe(404);
	}
});

test('pages and form actions with another municipality ids answer 404 and change nothing', async ({ page, baseURL }) => {
	await login(page, local.email, local.password);
	await page.goto('/m/berlin/districts');
	const csrf = await csrfToken(page);
	const before = await snapshotTenant(db, other.municipality.id);
	const ownBefore = await snapshotTenant(db, local.municipalityId);
	const values = { ...other.ids, municipality: 'berlin' };
	let checked = 0;
	for (const r of tenantPages.filter((r) => r.params.length > 1)) {
		const url = fillPattern(r.pattern, values);
		const res = await page.request.get(url, { maxRedirects: 0 });
		expect(res.status(), `GET ${url}`).toBe(404);
		for (const action of r.actions) {
			const target = action === 'default' ? url : `${url}?/${action}`;
			const post = await page.request.post(target, { form: { _csrf: csrf, title: 'X', name: 'X' }, headers: { origin: baseURL! }, maxRedirects: 0 });
			expect(post.status(), `POST ${target}`).toBe(404);
		}
		checked++;
	}
	expect(checked).toBeGreaterThan(0);
	expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
	expect(await snapshotTenant(db, local.municipalityId)).toEqual(ownBefore);
});

test('public portal pages and downloads with another municipality ids answer 404 and change nothing', async ({ request, baseURL }) => {
	expect(publicRoutes.length).toBeGreaterThan(2);
	const before = await snapshotTenant(db, other.municipality.id);
	for (const r of publicRoutes) {
		const url = fillPattern(r.pattern, { ...other.ids, municipality: 'berlin' });
		const res = await request.get(url, { maxRedirects: 0 });
		expect(res.status(), `GET ${url}`).toBe(404);
		for (const action of r.actions) {
			const target = action === 'default' ? url : `${url}?/${action}`;
			const post = await request.post(target, { form: { message: 'X', topic: 'other' }, headers: { origin: baseURL! }, maxRedirects: 0 });
			expect(post.status(), `POST ${target}`).toBe(404);
		}
	}
	// The same district under its own municipality is public: the 404s above come from the municipality check.
	expect((await request.get(`/p/${other.municipality.slug}/districts/${other.ids.districtId}`)).status()).toBe(200);
	expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
});

test('API endpoints with another municipality ids answer 404 problem+json and change nothing', async ({ request }) => {
	const before = await snapshotTenant(db, other.municipality.id);
	const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
	for (const r of apiEndpoints) {
		const url = fillPattern(r.pattern, { ...other.ids });
		for (const method of r.methods) {
			const res = await request.fetch(url, { method, headers, data: method === 'GET' || method === 'DELETE' ? undefined : {} });
			expect(res.status(), `${method} ${url}`).toBe(404);
			expect(res.headers()['content-type'], `${method} ${url}`).toContain('application/problem+json');
		}
	}
	expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
});

test('API without a token answers 401 problem+json', async ({ request }) => {
	for (const r of routes.filter((r) => r.kind === 'endpoint' && r.pattern.startsWith('/api/v1') && !/openapi|docs/.test(r.pattern))) {
		const url = fillPattern(r.pattern, { ...other.ids });
		const res = await request.get(url);
		if (!r.methods.includes('GET')) continue;
		expect(res.status(), `GET ${url}`).toBe(401);
		expect(res.headers()['content-type']).toContain('application/problem+json');
	}
});
