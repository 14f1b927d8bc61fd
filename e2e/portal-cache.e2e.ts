import { expect, test, settle } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';

/**
 * The public district page of the demo plan (seeded with a resolved version, progress since and a news item) is
 * served from the portal's page cache to anonymous readers; a change made by staff shows on the very next request.
 * Conditional requests get 304 while nothing changed.
 */
let db: Db;
let districtId: string;
let planId: string;
let measureId: string;
const measureTitle = 'Kita-Lotsinnen für den Übergang in die Schule';

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const row = await db.kysely
		.selectFrom('measure')
		.innerJoin('municipality', 'municipality.id', 'measure.municipality_id')
		.innerJoin('action_plan', 'action_plan.id', 'measure.action_plan_id')
		.select(['measure.id', 'action_plan.id as plan_id', 'action_plan.district_id'])
		.where('municipality.slug', '=', 'berlin')
		.where('measure.title', '=', measureTitle)
		.executeTakeFirstOrThrow();
	measureId = row.id;
	planId = row.plan_id;
	districtId = row.district_id;
});
test.afterAll(async () => db?.close());

test('the demo portal shows the resolved plan from the cache; a staff change is visible to the next anonymous reader', async ({ page, browser, request, baseURL }) => {
	const url = `/p/berlin/districts/${districtId}`;
	// The demo plan is resolved: the portal shows it, with the council's resolution and the news.
	const first = await request.get(url);
	expect(first.status()).toBe(200);
	const html = await first.text();
	expect(html).toContain('Bezirksverordnetenversammlung Neukölln');
	expect(html).toContain('Aktionsplan beschlossen');
	expect(html).not.toContain('Sprachmittlung für Elternabende');
	expect(html).not.toContain('<!--[');
	expect(first.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');

	const again = await request.get(url);
	expect(again.headers()['x-portal-cache']).toBe('hit');
	expect(await again.text()).toBe(html);
	const etag = again.headers()['etag'];
	expect(etag).toMatch(/^"/);
	expect((await request.get(url, { headers: { 'if-none-match': etag } })).status()).toBe(304);

	// A resident reads the page in the browser.
	const reader = await browser.newContext({ baseURL });
	const resident = await reader.newPage();
	await resident.goto(url);
	const article = resident.locator('article', { hasText: measureTitle });
	await expect(article.getByText('in Umsetzung', { exact: true })).toBeVisible();
	await expectNoAxeViolations(resident);

	// Staff put the measure on hold.
	await login(page);
	await page.goto(`/m/berlin/plans/${planId}/measures/${measureId}`);
	await page.getByLabel('Status').selectOption({ label: 'zurückgestellt' });
	await page.getByRole('button', { name: 'Stand speichern' }).click();
	await settle(page);
	await expect(page).toHaveURL(/progress=1/);
	// Staff reading the public page while logged in get it rendered, never from the cache (their name is in the header).
	const staffView = await page.request.get(url);
	expect(staffView.headers()['x-portal-cache']).toBeUndefined();

	// The very next anonymous request shows it; the old ETag no longer matches.
	await resident.reload();
	await expect(article.getByText('zurückgestellt', { exact: true })).toBeVisible();
	await expect(article.getByText('beim Beschluss: geplant')).toBeVisible();
	const changed = await request.get(url, { headers: { 'if-none-match': etag } });
	expect(changed.status()).toBe(200);
	expect(changed.headers()['etag']).not.toBe(etag);
	await reader.close();

	// Put it back for the other tests of the demo plan.
	await page.goto(`/m/berlin/plans/${planId}/measures/${measureId}`);
	await page.getByLabel('Status').selectOption({ label: 'in Umsetzung' });
	await page.getByRole('button', { name: 'Stand speichern' }).click();
	await settle(page);
	await expect(page).toHaveURL(/progress=1/);
});
