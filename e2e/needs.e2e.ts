import { expect, test, settle } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { csrfToken, login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';

/**
 * Needs (Bedarfe): an engagement record with language support, needs captured in it (errors without losing input,
 * markup kept as text, double submission), take up / merge / not pursued, the public page per district in five
 * languages without JavaScript, and the API with an Idempotency-Key.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const districtName = `Bedarfsviertel ${stamp}`;
const goalTitle = `Lernen am Nachmittag ${stamp}`;
const needTitle = `Hausaufgabenhilfe <script>alert(1)</script> ${stamp}`;
const secret = `Interne Notiz ${stamp}`;
let db: Db;
let districtId: string;
let needUrl = '';

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	const m = await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
	const now = nowIso();
	const base = { municipality_id: m.id, created_at: now, updated_at: now };
	districtId = newId();
	await k.insertInto('district').values({ ...base, id: districtId, name: districtName, code: `BV-${stamp}`, parent_id: null, boundary: null }).execute();
	const planId = newId();
	await k.insertInto('action_plan').values({ ...base, id: planId, district_id: districtId, title: `Aktionsplan ${districtName}`, introduction: '', reporting_rules: '' }).execute();
	const field = await k.selectFrom('action_field').select('id').where('municipality_id', '=', m.id).where('key', '=', 'education').executeTakeFirstOrThrow();
	await k
		.insertInto('goal')
		.values({ ...base, id: newId(), action_plan_id: planId, parent_goal_id: null, action_field_id: field.id, title: goalTitle, description: '', priority: 1, time_horizon: null, operationalisation: '' })
		.execute();
});
test.afterAll(async () => db?.close());

const needCount = async (title: string) =>
	Number((await db.kysely.selectFrom('need').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', title).executeTakeFirstOrThrow()).n);

test('records a round table with language support, captures needs in it and decides what becomes of them', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/needs');
	await expect(page.getByRole('heading', { level: 1, name: 'Bedarfe' })).toBeVisible();
	await page.getByRole('link', { name: 'Gespräche und Runde Tische' }).click();
	await page.getByRole('link', { name: 'Aufzeichnung anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gespräch oder Runden Tisch aufzeichnen' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Runder Tisch' });
	await page.getByLabel('Titel', { exact: true }).fill(`Runder Tisch Bildung ${stamp}`);
	await page.getByLabel('Stadtteil', { exact: true }).selectOption({ label: districtName });
	await page.getByLabel('Datum', { exact: true }).fill('2026-03-12');
	await page.getByLabel('Zahl der Teilnehmenden').fill('-4');
	await page.getByRole('group', { name: /Dolmetschen in/ }).getByLabel('Arabisch').check();
	await page.getByRole('group', { name: /Flüsterecken in/ }).getByLabel('Türkisch').check();
	await page.getByLabel('Kinderbetreuung angeboten').check();
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Der Wert darf nicht negativ sein.')).toBeVisible();
	await expect(page.getByLabel('Titel', { exact: true })).toHaveValue(`Runder Tisch Bildung ${stamp}`);
	await expect(page.getByRole('group', { name: /Flüsterecken in/ }).getByLabel('Türkisch')).toBeChecked();
	await page.getByLabel('Zahl der Teilnehmenden').fill('23');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Runder Tisch Bildung ${stamp}` })).toBeVisible();
	await expect(page.getByText('Dolmetschen: Arabisch')).toBeVisible();
	await expect(page.getByText('Flüsterecken: Türkisch')).toBeVisible();
	await expectNoAxeViolations(page);

	// A need from the record: an empty summary is refused with a German message, nothing typed is lost.
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
	await page.getByLabel('Aussage, wie sie geäußert wurde').fill('Unsere Kinder brauchen Hilfe bei den Hausaufgaben.');
	await page.getByLabel('Interne Notiz').fill(secret);
	await page.getByRole('button', { name: 'Bedarf erfassen' }).click();
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
	await expect(page.getByLabel('Interne Notiz')).toHaveValue(secret);
	await page.getByLabel('Bedarf in einem Satz').fill(needTitle);
	await page.getByLabel('Sprache der ursprünglichen Aussage').selectOption({ label: 'Arabisch' });
	await page.getByRole('button', { name: 'Bedarf erfassen' }).click();
	await expect(page.getByText('Der Bedarf wurde erfasst.')).toBeVisible();
	await page.getByRole('link', { name: needTitle }).click();
	await expect(page.getByRole('heading', { level: 1, name: needTitle })).toBeVisible();
	await expect(page.getByText('Runder Tisch', { exact: true })).toBeVisible();
	await expectNoAxeViolations(page);
	needUrl = new URL(page.url()).pathname;

	// Take it up in the district plan's goal.
	await page.getByRole('checkbox', { name: goalTitle }).check();
	await page.locator('#reason-takeUp').fill('Im Aktionsplan 2026 aufgenommen.');
	await page.getByRole('button', { name: 'Aufnehmen' }).click();
	await expect(page.getByText('Der Stand des Bedarfs wurde geändert.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Stand: aufgenommen' })).toBeVisible();
	await expect(page.getByRole('link', { name: goalTitle })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Verlauf des Bedarfs' }).getByRole('row')).toHaveCount(3);

	// The list filters by channel and state (GET form).
	await page.goto('/m/berlin/needs');
	await page.getByLabel('Weg', { exact: true }).selectOption({ label: 'Runder Tisch' });
	await page.getByLabel('Stand', { exact: true }).selectOption({ label: 'aufgenommen' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page).toHaveURL(/channel=round-table/);
	await expect(page.getByRole('link', { name: needTitle })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.goto(`/m/berlin/needs/new?district=${districtId}`);
	await expect(page.getByLabel('Stadtteil', { exact: true })).toHaveValue(districtId);
	await expectNoAxeViolations(page);
});

test('a double submission records one need; duplicates are merged, others not pursued with a reason (no JavaScript)', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	await login(page);
	await page.goto(`/m/berlin/needs/new?district=${districtId}`);
	const duplicate = `Hilfe bei Hausaufgaben ${stamp}`;
	await page.getByLabel('Bedarf in einem Satz').fill(duplicate);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
	await page.getByLabel('Weg, auf dem der Bedarf geäußert wurde').selectOption({ label: 'Stand bei einer Veranstaltung' });
	await page.getByLabel('Geografische Breite').fill('52,4811');
	await page.getByLabel('Geografische Länge').fill('13,4353');
	// Send the same form twice, as a double click does.
	const form = page.locator('form.stacked');
	const fields = Object.fromEntries(
		await form.locator('input[name], select[name], textarea[name]').evaluateAll((els) =>
			els
				.filter((e) => !(e instanceof HTMLInputElement && (e.type === 'radio' || e.type === 'checkbox') && !e.checked))
				.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value])
		)
	);
	const url = `/m/berlin/needs/new`;
	const first = await page.request.post(url, { form: fields, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	const second = await page.request.post(url, { form: fields, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(first.status()).toBe(303);
	expect(second.status()).toBe(303);
	expect(second.headers().location.split('?')[0]).toBe(first.headers().location.split('?')[0]);
	expect(second.headers().location).toContain('notice=replayed');
	expect(await needCount(duplicate)).toBe(1);
	await page.goto(second.headers().location);
	await expect(page.getByText('Es wurde nichts doppelt angelegt.')).toBeVisible();

	// Merge the duplicate into the need taken up before.
	await page.getByLabel('Zusammenführen mit').selectOption({ label: `${needTitle} (aufgenommen)` });
	await page.locator('#reason-merge').fill('Gleicher Wunsch wie beim Runden Tisch.');
	await page.getByRole('button', { name: 'Zusammenführen' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Stand: zusammengeführt' })).toBeVisible();
	await expect(page.getByText('Dieser Bedarf wurde mit einem anderen zusammengeführt.')).toBeVisible();

	// A third need is not pursued: the reason is required.
	await page.goto(`/m/berlin/needs/new?district=${districtId}`);
	const declined = `Eigenes Schwimmbad ${stamp}`;
	await page.getByLabel('Bedarf in einem Satz').fill(declined);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Sport' });
	await page.getByLabel('Weg, auf dem der Bedarf geäußert wurde').selectOption({ label: 'Online-Formular' });
	await page.getByRole('button', { name: 'Bedarf erfassen' }).click();
	await expect(page.getByText('Der Bedarf wurde erfasst.')).toBeVisible();
	await page.getByRole('button', { name: 'Nicht weiterverfolgen' }).click();
	await expect(page.locator('#reason-decline-error')).toHaveText('Bitte füllen Sie dieses Feld aus.');
	await page.locator('#reason-decline').fill('Ein Schwimmbad übersteigt den Rahmen des Stadtteilkonzepts; das Bezirksamt prüft die Nutzung der Schulschwimmhalle.');
	await page.getByRole('button', { name: 'Nicht weiterverfolgen' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Stand: nicht weiterverfolgt' })).toBeVisible();
	await context.close();
});

test('the public page of the district shows what became of each need, in five languages, without login or JavaScript', async ({ browser, baseURL }) => {
	// The portal offers the languages the municipality chose: all five for this test, restored afterwards.
	const k = db.kysely;
	const m = await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
	const prior = await k.selectFrom('portal_settings').select('languages').where('municipality_id', '=', m.id).executeTakeFirst();
	const all = JSON.stringify(['de', 'de-x-ls', 'en', 'tr', 'ar']);
	if (prior) await k.updateTable('portal_settings').set({ languages: all }).where('municipality_id', '=', m.id).execute();
	else await k.insertInto('portal_settings').values({ municipality_id: m.id, languages: all, updated_at: nowIso() } as never).execute();
	// The page ships no script at all (checked below); the browser keeps JavaScript on only for axe.
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	try {
	await page.goto(`/p/berlin/districts/${districtId}/needs?lang=de`);
	await expect(page.getByRole('heading', { level: 1, name: `Bedarfe im Stadtteil ${districtName}` })).toBeVisible();
	const need = page.locator('article').filter({ has: page.getByRole('heading', { name: needTitle }) });
	await expect(need).toContainText('aufgenommen in Ziel oder Maßnahme');
	await expect(need).toContainText(goalTitle);
	await expect(need).toContainText('Im Aktionsplan 2026 aufgenommen.');
	const merged = page.locator('article').filter({ has: page.getByRole('heading', { name: `Hilfe bei Hausaufgaben ${stamp}` }) });
	await expect(merged.getByRole('link', { name: needTitle })).toBeVisible();
	await expect(page.getByText('das Bezirksamt prüft die Nutzung der Schulschwimmhalle')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Bildung und Übergang Schule–Beruf' })).toBeVisible();
	// Nothing internal: no statement, note or who raised it; no script ran, the markup is text.
	const html = await page.content();
	expect(html).not.toContain(secret);
	expect(html).not.toContain('Unsere Kinder brauchen Hilfe');
	expect(html).not.toContain('<script>alert(1)</script>');
	await expect(page.locator('script')).toHaveCount(0);
	await expectNoAxeViolations(page);

	const languages: [string, string, string, string][] = [
		['ar', 'rtl', `الاحتياجات في حي ${districtName}`, 'أُدرج في هدف أو إجراء'],
		['tr', 'ltr', `${districtName} semtindeki ihtiyaçlar`, 'bir hedefe veya önleme alındı'],
		['de-x-ls', 'ltr', `Das brauchen die Menschen im Stadtteil ${districtName}`, 'Der Wunsch ist jetzt im Plan.'],
		['en', 'ltr', `Needs in the district ${districtName}`, 'taken up in a goal or measure']
	];
	for (const [lang, dir, title, state] of languages) {
		await page.goto(`/p/berlin/districts/${districtId}/needs?lang=${lang}`);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		await expect(page.locator('html')).toHaveAttribute('lang', lang === 'de-x-ls' ? 'de' : lang);
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(need).toContainText(state);
		await expectNoAxeViolations(page);
	}
	await expect(page.getByRole('heading', { level: 2, name: 'Education and the transition from school to work' })).toBeVisible();

	// Another municipality's district, an unknown district and an unknown municipality: 404.
	const other = await createForeignTenant(db);
	for (const path of [`/p/berlin/districts/${other.ids.districtId}/needs`, `/p/berlin/districts/${newId()}/needs`, `/p/berlin/districts/kein-uuid/needs`, `/p/gibt-es-nicht/districts/${districtId}/needs`]) {
		expect((await page.request.get(path)).status(), path).toBe(404);
	}
	const foreign = await page.request.get(`/p/${other.municipality.slug}/districts/${other.ids.districtId}/needs`);
	expect(foreign.status()).toBe(200);
	expect(await foreign.text()).toContain('Mehr Sitzbänke');
	} finally {
		await context.close();
		if (prior) await k.updateTable('portal_settings').set({ languages: prior.languages }).where('municipality_id', '=', m.id).execute();
		else await k.deleteFrom('portal_settings').where('municipality_id', '=', m.id).execute();
	}
});

test('API: list, create with an Idempotency-Key, change state; bad input is a 422 and writes nothing', async ({ request }) => {
	const local = await createLocalAdmin(db, 'berlin');
	const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
	const field = await db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', local.municipalityId).where('key', '=', 'health').executeTakeFirstOrThrow();
	const body = { districtId, actionFieldId: field.id, title: `Mehr Sitzbänke im Park ${stamp}`, channel: 'survey', language: 'tr', targetGroups: ['seniors'] };
	const key = `api-${stamp}`;
	const created = await request.post('/api/v1/needs', { headers: { ...headers, 'idempotency-key': key }, data: body });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	const again = await request.post('/api/v1/needs', { headers: { ...headers, 'idempotency-key': key }, data: body });
	expect(again.status()).toBe(200);
	expect((await again.json()).id).toBe(id);
	expect(await needCount(body.title)).toBe(1);

	const list = await request.get(`/api/v1/needs?districtId=${districtId}&language=tr`, { headers });
	expect((await list.json()).data.map((n: { id: string }) => n.id)).toEqual([id]);
	expect((await request.get('/api/v1/needs?state=done', { headers })).status()).toBe(422);

	const before = await snapshotTenant(db, local.municipalityId);
	const bad = await request.post('/api/v1/needs', { headers, data: { ...body, title: 'x'.repeat(201), placeLat: 91, placeLon: 13 } });
	expect(bad.status()).toBe(422);
	const problem = await bad.json();
	expect(problem.errors.title).toEqual(['Der Text ist zu lang.']);
	expect(problem.errors.placeLat).toBeDefined();
	const noReason = await request.post(`/api/v1/needs/${id}/state`, { headers, data: { state: 'not_pursued', publicReason: '' } });
	expect(noReason.status()).toBe(422);
	expect(await snapshotTenant(db, local.municipalityId)).toEqual(before);

	const declined = await request.post(`/api/v1/needs/${id}/state`, { headers, data: { state: 'not_pursued', publicReason: 'Bänke stellt das Grünflächenamt auf.' } });
	expect(declined.status()).toBe(200);
	expect(await declined.json()).toMatchObject({ id, state: 'not_pursued', publicReason: 'Bänke stellt das Grünflächenamt auf.' });
	const got = await request.get(`/api/v1/needs/${id}`, { headers });
	expect(await got.json()).toMatchObject({ id, channel: 'survey', state: 'not_pursued', targetGroups: ['seniors'] });

	// The need detail page of the first test is reachable and the page of an unknown id is a 404.
	expect(needUrl).toMatch(/^\/m\/berlin\/needs\/[0-9a-f-]{36}$/);
});

test('a form post with a stale CSRF token is refused and records nothing', async ({ page, baseURL }) => {
	await login(page);
	await page.goto(`/m/berlin/needs/new?district=${districtId}`);
	const token = await csrfToken(page);
	const title = `Ohne gültiges Token ${stamp}`;
	const res = await page.request.post('/m/berlin/needs/new', { form: { _csrf: `${token}x`, title, districtId }, headers: { origin: baseURL! }, maxRedirects: 0 });
	expect(res.status()).toBe(403);
	expect(await needCount(title)).toBe(0);
	await settle(page);
});
