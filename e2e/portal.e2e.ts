import { expect, test, settle } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { systemPrincipal } from '$lib/server/core/actor';
import { createActionPlan } from '$lib/server/plans/create-action-plan';
import { createGoal } from '$lib/server/plans/create-goal';
import { createMeasure } from '$lib/server/plans/create-measure';
import { submitPlanVersion } from '$lib/server/plans/submit-plan-version';
import { resolvePlanVersion } from '$lib/server/plans/resolve-plan-version';
import { updateMeasureProgress } from '$lib/server/plans/update-measure-progress';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';

/**
 * The public portal without login and without JavaScript: the admin sets languages and the accessibility
 * statement; a district with a resolved plan (progress from the living plan, map with list, axe in German, Arabic
 * right-to-left and Leichte Sprache); a district whose plan is only submitted shows nothing of it; the open-data
 * downloads parse; the feedback form with honeypot and rate limit lands in the coordination's inbox; news.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const resolvedDistrict = `Portalviertel ${stamp}`;
const draftDistrict = `Entwurfsviertel ${stamp}`;
const secretMeasure = `Geheimer Entwurf ${stamp}`;
let db: Db;
let municipalityId: string;
let districtId: string;
let draftDistrictId: string;
let planId: string;
let draftPlanId: string;

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	municipalityId = (await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
	const ctx = { db, principal: systemPrincipal(municipalityId) };
	const now = nowIso();
	const base = { municipality_id: municipalityId, created_at: now, updated_at: now };
	const boundary = JSON.stringify({ type: 'Polygon', coordinates: [[[13.40, 52.47], [13.44, 52.47], [13.44, 52.49], [13.40, 52.49], [13.40, 52.47]]] });
	districtId = newId();
	draftDistrictId = newId();
	await k.insertInto('district').values({ ...base, id: districtId, name: resolvedDistrict, code: `PV-${stamp}`, parent_id: null, boundary }).execute();
	await k.insertInto('district').values({ ...base, id: draftDistrictId, name: draftDistrict, code: `EV-${stamp}`, parent_id: null, boundary: null }).execute();
	const fields = Object.fromEntries((await k.selectFrom('action_field').select(['id', 'key']).where('municipality_id', '=', municipalityId).execute()).map((f) => [f.key, f.id]));

	planId = (await createActionPlan({ ctx, input: { districtId, title: `Aktionsplan ${resolvedDistrict}`, introduction: 'Gemeinsam mit dem Stadtteil erarbeitet.' } })).id;
	const goal = (await createGoal({ ctx, input: { planId, actionFieldId: fields.education, title: 'Bildungsübergänge verbessern', priority: 1, timeHorizon: '2028-12-31' } })).id;
	const cafe = (
		await createMeasure({
			ctx,
			input: { planId, actionFieldId: fields.education, title: 'Sprachcafé in der Bibliothek', goalIds: [goal], spatialScope: 'site', siteLabel: 'Stadtteilbibliothek', siteLat: '52.48', siteLon: '13.42', cost: '2.400,00', milestones: [{ title: 'Erste Runde', dueDate: '2026-05-31' }] }
		})
	).id;
	await createMeasure({ ctx, input: { planId, actionFieldId: fields.culture, title: 'Stadtteilfest', goalIds: [goal], spatialScope: 'district' } });
	const v = await submitPlanVersion({ ctx, planId, input: {} });
	await resolvePlanVersion({ ctx, planId, versionId: v.id, input: { body: 'Bezirksverordnetenversammlung', date: '2026-03-12', referenceNumber: `DS ${stamp}`, notes: 'nur intern' } });
	const milestone = await k.selectFrom('milestone').select('id').where('measure_id', '=', cafe).executeTakeFirstOrThrow();
	await updateMeasureProgress({ ctx, measureId: cafe, input: { status: 'in-progress', doneMilestoneIds: [milestone.id] } });
	await createMeasure({ ctx, input: { planId, actionFieldId: fields.education, title: `Nachträglich ${stamp}`, goalIds: [goal] } });

	draftPlanId = (await createActionPlan({ ctx, input: { districtId: draftDistrictId, title: `Aktionsplan ${draftDistrict}` } })).id;
	const dg = (await createGoal({ ctx, input: { planId: draftPlanId, actionFieldId: fields.education, title: `Entwurfsziel ${stamp}`, priority: 1 } })).id;
	await createMeasure({ ctx, input: { planId: draftPlanId, actionFieldId: fields.education, title: secretMeasure, goalIds: [dg] } });
	await submitPlanVersion({ ctx, planId: draftPlanId, input: {} });
});
test.afterAll(async () => {
	await db?.close();
});

test('the admin chooses the public languages and fills in the accessibility statement', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/admin/portal');
	await expectNoAxeViolations(page);
	for (const name of ['English', 'Türkçe', 'العربية', 'Leichte Sprache']) await page.getByRole('checkbox', { name }).check();
	await page.getByLabel('E-Mail-Adresse').fill('integration@berlin.example');
	await page.getByLabel('Erstellt am').fill('2026-05-01');
	await page.getByLabel('Adresse des Impressums').fill('javascript:alert(1)');
	await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
	await settle(page);
	await expect(page.getByText('Bitte geben Sie eine vollständige Internetadresse an')).toBeVisible();
	await page.getByLabel('Adresse des Impressums').fill('https://berlin.example/impressum');
	await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Einstellungen sind gespeichert.');
	await expect(page.getByRole('checkbox', { name: 'العربية' })).toBeChecked();

	// News for the district, published, through the coordination's page.
	await page.goto('/m/berlin/portal');
	await expectNoAxeViolations(page);
	await page.getByLabel('Titel').fill(`Sprachcafé startet ${stamp}`);
	await page.getByRole('textbox', { name: /^Text/ }).fill('Jeden Dienstag um 17 Uhr.');
	await page.getByLabel('Stadtteil').selectOption({ label: resolvedDistrict });
	await page.getByLabel('Veröffentlicht').check();
	await page.getByRole('button', { name: 'Speichern' }).click();
	await settle(page);
	await expect(page.getByRole('link', { name: `Sprachcafé startet ${stamp}` })).toBeVisible();
});

// The portal ships no JavaScript (csr = false: the pages carry no <script>, asserted below), so these pages are
// the same with JavaScript off; JavaScript stays on in the browser only because axe runs inside the page.
test.describe('public pages (no JavaScript shipped)', () => {

	test('start and district pages show the resolved plan with progress, map and list; axe in German, Arabic (rtl) and Leichte Sprache', async ({ page }) => {
		await page.goto('/p/berlin?lang=de');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Integration in den Stadtteilen');
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: resolvedDistrict }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Stadtteil ${resolvedDistrict}`);
		await expect(page.getByText('Bezirksverordnetenversammlung')).toBeVisible();
		// the introduction's parts under their own headings (only the origin was written)
		await expect(page.getByRole('heading', { level: 3, name: 'Wie der Plan entstanden ist' })).toBeVisible();
		await expect(page.getByText('Gemeinsam mit dem Stadtteil erarbeitet.')).toBeVisible();
		await expect(page.getByRole('heading', { level: 3, name: 'Wozu der Plan dient' })).toHaveCount(0);
		const cafe = page.locator('article', { hasText: 'Sprachcafé in der Bibliothek' });
		await expect(cafe.getByText('in Umsetzung')).toBeVisible();
		await expect(cafe.getByText('beim Beschluss: geplant')).toBeVisible();
		await expect(cafe.getByText('1 von 1 erledigt')).toBeVisible();
		await expect(page.getByText(`Nachträglich ${stamp}`)).toHaveCount(0);
		await expect(page.getByText('nur intern')).toHaveCount(0);
		await expect(page.locator('figure.map svg[role="img"]')).toHaveCount(1);
		await expect(page.getByRole('list', { name: 'Maßnahmen auf der Karte' }).getByRole('listitem')).toHaveText(['Sprachcafé in der Bibliothek – Stadtteilbibliothek']);
		await expect(page.getByText(`Sprachcafé startet ${stamp}`)).toBeVisible();
		await expect(page.getByRole('link', { name: /Bedarfe im Stadtteil/ })).toHaveAttribute('href', `/p/berlin/districts/${districtId}/needs`);
		await expect(page.locator('script')).toHaveCount(0);
		await expectNoAxeViolations(page);

		await page.goto(`/p/berlin/districts/${districtId}?lang=ar`);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`حي ${resolvedDistrict}`);
		await expect(page.getByText('محتوى خطة العمل (الأهداف والإجراءات والأوصاف والأخبار) متوفر باللغة الألمانية فقط.')).toBeVisible();
		await expect(page.locator('article h4 span[lang="de"]', { hasText: 'Sprachcafé in der Bibliothek' })).toHaveCount(1);
		await expect(page.getByRole('heading', { level: 3, name: 'كيف نشأت الخطة' })).toBeVisible();
		await expect(page.locator('div.prose[lang="de"]', { hasText: 'Gemeinsam mit dem Stadtteil erarbeitet.' })).toHaveCount(1);
		await expectNoAxeViolations(page);

		await page.goto(`/p/berlin/districts/${districtId}?lang=de-x-ls`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(page.getByRole('heading', { name: 'So weit sind wir' })).toBeVisible();
		await expect(page.getByText('Beschlossen heißt: Die Politiker haben abgestimmt.')).toBeVisible();
		await expectNoAxeViolations(page);

		// A language the municipality does not offer falls back to German.
		await page.goto(`/p/berlin/districts/${districtId}?lang=ru`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await page.goto('/p/berlin?lang=de');

		for (const path of ['/p/berlin/open-data', '/p/berlin/news', '/p/berlin/accessibility', '/p/berlin/feedback']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expect(page.locator('script')).toHaveCount(0);
			await expectNoAxeViolations(page);
		}
		await page.goto('/p/berlin/accessibility');
		await expect(page.getByText('Diese Erklärung wurde am 1. Mai 2026 erstellt.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'integration@berlin.example' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Schlichtungsverfahren und Durchsetzung' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Impressum' })).toHaveAttribute('href', 'https://berlin.example/impressum');
	});

	test('a plan that is only submitted shows nothing of the draft, on the page and in the downloads', async ({ page, request }) => {
		await page.goto(`/p/berlin/districts/${draftDistrictId}?lang=de`);
		await expect(page.getByText('Für diesen Stadtteil gibt es noch keinen beschlossenen Aktionsplan.')).toBeVisible();
		await expect(page.getByText(secretMeasure)).toHaveCount(0);
		await expect(page.getByText(`Entwurfsziel ${stamp}`)).toHaveCount(0);
		await expectNoAxeViolations(page);
		await page.goto('/p/berlin/open-data');
		await expect(page.getByText(draftDistrict)).toHaveCount(0);
		for (const file of ['resolved.json', 'resolved.csv', 'resolved.geojson', 'versions/1.json'])
			expect((await request.get(`/p/berlin/open-data/plans/${draftPlanId}/${file}`)).status(), file).toBe(404);
		expect((await request.get(`/p/berlin/districts/not-an-id`)).status()).toBe(404);
		expect((await request.get(`/p/no-such-town`)).status()).toBe(404);
	});

	test('downloads parse: JSON, CSV in the German convention, GeoJSON; ETag answers 304', async ({ request }) => {
		const base = `/p/berlin/open-data/plans/${planId}`;
		const json = await request.get(`${base}/resolved.json`);
		expect(json.status()).toBe(200);
		expect(json.headers()['content-type']).toContain('application/json');
		expect(json.headers()['cache-control']).toBe('public, max-age=300');
		const doc = JSON.parse(await json.text());
		expect(doc.licence.id).toBe('dl-de-by-2.0');
		expect(doc.version).toMatchObject({ number: 1, state: 'resolved', resolution: { body: 'Bezirksverordnetenversammlung' } });
		expect(doc.measures).toHaveLength(2);
		expect(JSON.stringify(doc)).not.toContain('nur intern');
		const etag = json.headers()['etag'];
		expect((await request.get(`${base}/resolved.json`, { headers: { 'if-none-match': etag } })).status()).toBe(304);

		const csv = await request.get(`${base}/resolved.csv`);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const text = (await csv.body()).toString('utf8');
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const rows = text.slice(1).split('\r\n').filter(Boolean);
		expect(rows[0].split(';').slice(0, 3)).toEqual(['ID', 'Handlungsfeld', 'Maßnahme']);
		expect(rows).toHaveLength(3);
		expect(rows.find((r) => r.includes('Sprachcafé'))).toContain('2400,00');
		const goals = (await (await request.get(`${base}/resolved-goals.csv`)).body()).toString('utf8');
		expect(goals.slice(1).split('\r\n')[0].split(';')[3]).toBe('Ziel');

		const geo = await request.get(`${base}/resolved.geojson`);
		expect(geo.headers()['content-type']).toContain('application/geo+json');
		const fc = JSON.parse(await geo.text());
		expect(fc.type).toBe('FeatureCollection');
		for (const f of fc.features) {
			expect(f.type).toBe('Feature');
			expect(['Point', 'Polygon', 'MultiPolygon']).toContain(f.geometry.type);
		}
		expect(fc.features.find((f: { geometry: { type: string } }) => f.geometry.type === 'Point').geometry.coordinates).toEqual([13.42, 52.48]);

		const v1 = await request.get(`${base}/versions/1.json`);
		expect(v1.headers()['cache-control']).toBe('public, max-age=86400');
		expect(JSON.parse(await v1.text()).measures[0].progress).toBeNull();
		expect((await request.get(`${base}/versions/2.json`)).status()).toBe(404);
		expect((await request.get(`${base}/resolved.xml`)).status()).toBe(404);
	});

	test('feedback form: message reaches the inbox, the honeypot stores nothing, the sixth message an hour is refused', async ({ page }) => {
		await page.goto('/p/berlin/feedback?topic=accessibility');
		await page.getByLabel('Ihre Nachricht').fill(`Die Karte ist zu klein ${stamp}`);
		await page.getByLabel('Ihre E-Mail-Adresse').fill('leserin@example.org');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect(page.getByRole('status')).toHaveText('Vielen Dank. Ihre Nachricht ist angekommen.');
		await expectNoAxeViolations(page);

		const count = async () => Number((await db.kysely.selectFrom('portal_feedback').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).executeTakeFirstOrThrow()).n);
		const before = await count();
		// A bot fills every field, the hidden one too: the same confirmation, nothing stored.
		await page.goto('/p/berlin/feedback');
		await page.getByLabel('Ihre Nachricht').fill('Cheap pills');
		await page.locator('#f-website').fill('http://spam.example', { force: true });
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect(page.getByRole('status')).toBeVisible();
		expect(await count()).toBe(before);
		// Empty message: the error, no message stored.
		await page.goto('/p/berlin/feedback');
		await page.getByLabel('Ihre Nachricht').fill(' ');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect(page.getByRole('alert')).toContainText('Die Nachricht wurde nicht gesendet.');
		// Fill up the hour's allowance for this address; the next one is refused with a message.
		for (let i = 0; i < 3; i++) {
			await page.goto('/p/berlin/feedback');
			await page.getByLabel('Ihre Nachricht').fill(`Nachricht ${i}`);
			await page.getByRole('button', { name: 'Nachricht senden' }).click();
			await expect(page.getByRole('status')).toBeVisible();
		}
		await page.goto('/p/berlin/feedback');
		await page.getByLabel('Ihre Nachricht').fill('Noch eine');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect(page.getByRole('alert')).toContainText('Zu viele Versuche');
		await expect(page.getByLabel('Ihre Nachricht')).toHaveValue('Noch eine');
		expect(await count()).toBe(before + 3);
	});
});

test('the coordination reads the feedback in its inbox and marks it handled', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/portal/feedback');
	const msg = page.locator('article', { hasText: `Die Karte ist zu klein ${stamp}` });
	await expect(msg.getByRole('link', { name: 'leserin@example.org' })).toBeVisible();
	await expectNoAxeViolations(page);
	await msg.getByRole('button', { name: 'Als erledigt markieren' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Nachricht ist als erledigt markiert.');
	await expect(page.locator('article', { hasText: `Die Karte ist zu klein ${stamp}` })).toHaveCount(0);
});
