import { expect, test, type Page } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';

/** The Local Action Plan: a plan for a district, a goal, a measure with lead actor, errors with and without JS, filters, CSV, API. */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const districtName = `Planquartier ${stamp}`;
const goalTitle = `Gesundheitswissen stärken ${stamp}`;
const measureTitle = `Gesundheitswegweiser ${stamp}`;
let db: Db;
/** Link/button names with a visually hidden suffix ("Bearbeiten<span>: X</span>"): Chromium puts a space before the colon. */
const named = (visible: string, suffix: string) => new RegExp(`^${visible}\\s*: ${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
let districtId: string;
let planUrl = '';

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const m = await db.kysely.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
	districtId = newId();
	const now = nowIso();
	await db.kysely
		.insertInto('district')
		.values({ id: districtId, municipality_id: m.id, name: districtName, code: `PQ-${stamp}`, parent_id: null, boundary: null, created_at: now, updated_at: now })
		.execute();
});
test.afterAll(async () => db?.close());

async function fillBadMeasure(page: Page) {
	await page.getByLabel('Titel der Maßnahme').fill(measureTitle);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Gesundheit' });
	await page.getByRole('checkbox', { name: new RegExp(goalTitle) }).check();
	await page.getByLabel('Federführung (verantwortliche Stelle)').selectOption({ label: 'Jugendamt Neukölln' });
	await page.getByLabel('Beginn').fill('2026-05-01');
	await page.getByLabel('Ende').fill('2026-04-01');
	await page.getByLabel('Kosten in Euro').fill('-5');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bitte korrigieren Sie die markierten Felder.')).toBeVisible();
	await expect(page.getByText('Das Ende darf nicht vor dem Beginn liegen.')).toBeVisible();
	await expect(page.getByText('Der Wert darf nicht negativ sein.')).toBeVisible();
	await expect(page.getByLabel('Ende')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Kosten in Euro')).toHaveAttribute('aria-invalid', 'true');
	// nothing typed is lost
	await expect(page.getByLabel('Titel der Maßnahme')).toHaveValue(measureTitle);
	await expect(page.getByRole('checkbox', { name: new RegExp(goalTitle) })).toBeChecked();
}

test('creates the plan of a district, a goal and a measure with lead actor; German errors with JavaScript', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/plans');
	await expect(page.getByRole('heading', { level: 1, name: 'Lokale Aktionspläne' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: named('Aktionsplan anlegen', districtName) }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Lokaler Aktionsplan für ${districtName}` })).toBeVisible();
	await expect(page.getByLabel('Titel')).toHaveValue(`Lokaler Aktionsplan ${districtName}`);
	await expectNoAxeViolations(page);
	await page.getByLabel('Titel').fill('');
	await page.getByRole('button', { name: 'Aktionsplan anlegen' }).click();
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
	await page.getByLabel('Titel').fill(`Aktionsplan ${districtName}`);
	await page.getByLabel('Entstehung des Aktionsplans').fill('Entstanden aus der Bestandsaufnahme 2025.');
	await page.getByLabel('Geltungsbereich').fill('Der Stadtteil, 2026 bis 2029.');
	await page.getByLabel('Fortschreibung').fill('Alle drei Jahre durch die Koordinierungsstelle.');
	await page.getByRole('button', { name: 'Aktionsplan anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Aktionsplan ${districtName}` })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: 'Geltungsbereich' })).toBeVisible();
	await expect(page.getByText('Der Stadtteil, 2026 bis 2029.')).toBeVisible();
	planUrl = new URL(page.url()).pathname;
	expect(planUrl).toMatch(/^\/m\/berlin\/plans\/[0-9a-f-]{36}$/);
	// the district's plan address now leads to the plan
	await page.goto(`/m/berlin/districts/${districtId}/plan`);
	await expect(page).toHaveURL(new RegExp(`${planUrl}$`));
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Ziel hinzufügen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Neues Ziel' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Ziel', { exact: true }).fill(goalTitle);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Gesundheit' });
	await page.getByLabel('Priorität').selectOption({ label: 'hoch' });
	await page.getByLabel('Zeithorizont').fill('2027-12-31');
	await page.getByLabel('Operationalisierung').fill('Befragung im Stadtteil');
	await page.getByRole('checkbox', { name: /Sprachförderung ausbauen/ }).check();
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Aktionsplan ${districtName}` })).toBeVisible();
	await expect(page.locator('li', { hasText: goalTitle })).toContainText('Priorität hoch, bis 31.12.2027');

	await page.getByRole('link', { name: 'Maßnahme hinzufügen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Neue Maßnahme' })).toBeVisible();
	await expectNoAxeViolations(page);
	await fillBadMeasure(page);
	await expectNoAxeViolations(page);

	await page.getByLabel('Ende').fill('2026-12-31');
	await page.getByLabel('Kosten in Euro').fill('12.500,00');
	await page.getByLabel('Finanzierungsquelle').fill('Haushalt Gesundheitsamt');
	await page.getByLabel('Meilenstein 1: Bezeichnung').fill('Texte gesammelt');
	await page.getByLabel('Meilenstein 1: fällig am').fill('2026-06-30');
	await page.getByRole('checkbox', { name: 'Schul- und Sportamt Neukölln' }).check();
	await page.getByLabel('Integriert: verbindet mehrere Fachbereiche').check();
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: measureTitle })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Die Maßnahme wurde gespeichert.');
	await expect(page.getByText('12.500,00 €')).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Texte gesammelt' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Maßnahme bearbeiten' }).click();
	await expect(page.getByLabel('Kosten in Euro')).toHaveValue('12.500,00');
	await expect(page.getByLabel('Meilenstein 1: Bezeichnung')).toHaveValue('Texte gesammelt');
	await expectNoAxeViolations(page);
});

test('filters the plan table with a GET form, shows the count, and downloads it as German CSV', async ({ page }) => {
	await login(page);
	await page.goto(planUrl);
	await expect(page.locator('#result-count')).toHaveText('1 Maßnahme von 1');
	const table = page.getByRole('table', { name: /Maßnahmen des Aktionsplans/ });
	const row = table.getByRole('row').filter({ hasText: measureTitle });
	await expect(row).toContainText('Gesundheit');
	await expect(row).toContainText('Jugendamt Neukölln');
	await expect(row).toContainText('01.05.2026 bis 31.12.2026');
	await expect(row).toContainText('12.500,00 €');
	await expect(row).toContainText('integriert');
	await expect(row).toContainText('geplant');

	await page.getByLabel('Status').selectOption({ label: 'abgeschlossen' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page).toHaveURL(/status=completed/);
	await expect(page.locator('#result-count')).toHaveText('Keine Maßnahme von 1');
	await expectNoAxeViolations(page);

	await page.getByLabel('Status').selectOption({ label: 'Alle' });
	await page.getByLabel('Federführung').selectOption({ label: 'Jugendamt Neukölln' });
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Gesundheit' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.locator('#result-count')).toHaveText('1 Maßnahme von 1');
	await page.getByLabel('Federführung').selectOption({ label: 'Schul- und Sportamt Neukölln' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.locator('#result-count')).toHaveText('Keine Maßnahme von 1');

	const csv = await page.request.get(`${planUrl}/measures.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const body = (await csv.body()).toString('utf8');
	expect(body.charCodeAt(0)).toBe(0xfeff);
	expect(body).toContain('Maßnahme;Beschreibung;Handlungsfeld;Ziele;Federführung');
	expect(body).toContain(`${measureTitle};`);
	expect(body).toContain(';12500,00;');
	expect(body).toContain(';01.05.2026;31.12.2026;');
});

test('measure forms work without JavaScript: German errors and another milestone row', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await login(page);
	await page.goto(`${planUrl}/measures/new`);
	await expect(page.getByLabel('Meilenstein 3: Bezeichnung')).toHaveCount(0);
	await page.getByLabel('Meilenstein 1: Bezeichnung').fill('Erster Schritt');
	await page.getByRole('button', { name: 'Weitere Zeile für einen Meilenstein' }).click();
	await expect(page.getByLabel('Meilenstein 4: Bezeichnung')).toBeVisible();
	await expect(page.getByLabel('Meilenstein 1: Bezeichnung')).toHaveValue('Erster Schritt');
	await fillBadMeasure(page);
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible(); // milestone 1 has no due date
	// (axe needs JavaScript in the page; the same form with errors is checked with JavaScript above.)
	await page.getByLabel('Ende').fill('2026-12-31');
	await page.getByLabel('Kosten in Euro').fill('800');
	await page.getByLabel('Meilenstein 1: fällig am').fill('2026-07-01');
	await page.getByLabel('Titel der Maßnahme').fill(`${measureTitle} ohne JS`);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `${measureTitle} ohne JS` })).toBeVisible();
	await expect(page.getByText('800,00 €')).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Erster Schritt' })).toBeVisible();
	await context.close();
});

test('fields of action, goal editing and my measures are accessible', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/action-fields');
	await expect(page.getByRole('heading', { level: 1, name: 'Handlungsfelder' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Sprache und Sprachförderung' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name').fill(`Digitale Teilhabe ${stamp}`);
	await page.getByRole('button', { name: 'Handlungsfeld hinzufügen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Handlungsfeld wurde hinzugefügt.');
	await page.getByRole('button', { name: named('Deaktivieren', `Digitale Teilhabe ${stamp}`) }).click();
	await expect(page.getByRole('row').filter({ hasText: `Digitale Teilhabe ${stamp}` })).toContainText('deaktiviert');
	await page.getByRole('link', { name: named('Bearbeiten', `Digitale Teilhabe ${stamp}`) }).click();
	await expectNoAxeViolations(page);

	await page.goto(planUrl);
	await page.getByRole('link', { name: named('Bearbeiten', goalTitle) }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Ziel bearbeiten: ${goalTitle}` })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Ziel löschen' }).click();
	await expect(page.getByText('Der Eintrag wird noch verwendet und kann nicht gelöscht werden.')).toBeVisible();

	await page.goto('/m/berlin/my-measures');
	await expect(page.getByRole('heading', { level: 1, name: 'Meine Maßnahmen' })).toBeVisible();
	await expect(page.getByText('Ihr Zugang ist keinem Akteur zugeordnet.')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.goto(`${planUrl}/edit`);
	await expectNoAxeViolations(page);
});

test.describe('API', () => {
	let other: Awaited<ReturnType<typeof createForeignTenant>>;
	let local: Awaited<ReturnType<typeof createLocalAdmin>>;
	test.beforeAll(async () => {
		other = await createForeignTenant(db);
		local = await createLocalAdmin(db, 'berlin');
	});

	test('goals and measures: create, read, filter, change, delete; 422 with field errors; another municipality is 404', async ({ request }) => {
		const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json', 'accept-language': 'de' };
		const planId = planUrl.split('/').pop()!;
		const plan = await (await request.get(`/api/v1/plans/${planId}`, { headers })).json();
		expect(plan.goals.map((g: { title: string }) => g.title)).toContain(goalTitle);
		const fields = (await (await request.get('/api/v1/action-fields', { headers })).json()).data as { id: string; key: string }[];
		const education = fields.find((f) => f.key === 'education')!.id;

		const goal = await request.post('/api/v1/goals', { headers, data: { planId, actionFieldId: education, title: `API-Ziel ${stamp}`, priority: 2 } });
		expect(goal.status()).toBe(201);
		const g = await goal.json();
		expect((await (await request.patch(`/api/v1/goals/${g.id}`, { headers, data: { priority: 1 } })).json()).priority).toBe(1);

		const bad = await request.post('/api/v1/measures', { headers, data: { planId, actionFieldId: education, title: 'X', goalIds: [g.id], startDate: '2026-05-01', endDate: '2026-04-01', costCents: -1 } });
		expect(bad.status()).toBe(422);
		expect(bad.headers()['content-type']).toContain('application/problem+json');
		const problem = await bad.json();
		expect(problem.errors.endDate).toEqual(['Das Ende darf nicht vor dem Beginn liegen.']);
		expect(problem.errors.costCents).toEqual(['Der Wert darf nicht negativ sein.']);

		const created = await request.post('/api/v1/measures', {
			headers,
			data: { planId, actionFieldId: education, title: `API-Maßnahme ${stamp}`, goalIds: [g.id], cost: '1.250,50', starterProject: true, milestones: [{ title: 'Start', dueDate: '2026-02-01' }] }
		});
		expect(created.status()).toBe(201);
		const m = await created.json();
		expect(m).toMatchObject({ costCents: 125_050, starterProject: true, integrated: false, status: 'planned' });
		const list = await (await request.get(`/api/v1/measures?plan=${planId}&goal=${g.id}`, { headers })).json();
		expect(list.data.map((x: { id: string }) => x.id)).toEqual([m.id]);
		const patched = await request.patch(`/api/v1/measures/${m.id}`, { headers, data: { status: 'in-progress', costCents: 99 } });
		expect(await patched.json()).toMatchObject({ status: 'in-progress', costCents: 99, title: `API-Maßnahme ${stamp}` });
		expect((await request.delete(`/api/v1/goals/${g.id}`, { headers })).status()).toBe(409);
		expect((await request.delete(`/api/v1/measures/${m.id}`, { headers })).status()).toBe(204);
		expect((await request.delete(`/api/v1/goals/${g.id}`, { headers })).status()).toBe(204);

		const before = await snapshotTenant(db, other.municipality.id);
		for (const [method, url] of [
			['GET', `/api/v1/plans/${other.ids.planId}`],
			['GET', `/api/v1/goals?plan=${other.ids.planId}`],
			['GET', `/api/v1/goals/${other.ids.goalId}`],
			['PATCH', `/api/v1/goals/${other.ids.goalId}`],
			['DELETE', `/api/v1/goals/${other.ids.goalId}`],
			['GET', `/api/v1/measures/${other.ids.measureId}`],
			['PATCH', `/api/v1/measures/${other.ids.measureId}`],
			['DELETE', `/api/v1/measures/${other.ids.measureId}`]
		] as const) {
			const res = await request.fetch(url, { method, headers, data: method === 'PATCH' ? { title: 'Gekapert' } : undefined });
			expect(res.status(), `${method} ${url}`).toBe(404);
			expect(res.headers()['content-type']).toContain('application/problem+json');
		}
		const foreignPlan = await request.post('/api/v1/goals', { headers, data: { planId: other.ids.planId, actionFieldId: education, title: 'Fremd', priority: 1 } });
		expect(foreignPlan.status()).toBe(404);
		const foreignRefs = await request.post('/api/v1/measures', { headers, data: { planId, actionFieldId: other.ids.actionFieldId, title: 'Fremd', goalIds: [other.ids.goalId], leadActorId: other.ids.actorId } });
		expect(foreignRefs.status()).toBe(422);
		expect(Object.keys((await foreignRefs.json()).errors).sort()).toEqual(['actionFieldId', 'goalIds', 'leadActorId']);
		expect((await (await request.get(`/api/v1/measures?plan=${other.ids.planId}`, { headers })).json()).data).toEqual([]);
		expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
	});
});
