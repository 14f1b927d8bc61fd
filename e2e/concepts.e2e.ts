import { expect, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';

/** City-wide concepts with their goals, as the demo admin; the concepts API. */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);

test('lists the demo concepts and shows a concept with its goals, accessibly', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/concepts');
	await expect(page.getByRole('heading', { level: 1, name: 'Gesamtstädtische Konzepte' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Gesamtstädtisches Integrationskonzept (Demo)' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gesamtstädtisches Integrationskonzept (Demo)' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Sprachförderung ausbauen und Mehrsprachigkeit anerkennen' })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('creates a city concept with a goal, edits and deletes them (JavaScript on)', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/concepts');
	await page.getByRole('link', { name: 'Konzept erfassen' }).click();
	await expectNoAxeViolations(page);
	await page.getByLabel('Art des Konzepts').selectOption({ label: 'Bildungsplanung' });
	await page.getByLabel('Titel').fill(`Bildungsplan ${stamp}`);
	await page.getByLabel('Jahr').fill('zwanzig');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bitte geben Sie eine Zahl ein.')).toBeVisible();
	await expect(page.getByLabel('Titel')).toHaveValue(`Bildungsplan ${stamp}`);
	await page.getByLabel('Jahr').fill('2024');
	await page.getByRole('button', { name: 'Anlegen' }).click();

	await expect(page.getByRole('heading', { level: 1, name: `Bildungsplan ${stamp}` })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Das Konzept wurde erfasst.');
	await expect(page.getByText('Für dieses Konzept sind noch keine Ziele erfasst.')).toBeVisible();
	await expectNoAxeViolations(page);

	const addGoal = page.getByRole('form', { name: 'Ziel hinzufügen' });
	await addGoal.getByLabel('Nummer').fill('B 1');
	await addGoal.getByLabel('Ziel', { exact: true }).fill('Übergänge von der Kita in die Grundschule begleiten');
	await addGoal.getByRole('button', { name: 'Ziel hinzufügen' }).click();
	await expect(page.getByText('Nur Buchstaben, Ziffern, Punkt, Bindestrich, Unterstrich und Schrägstrich, ohne Leerzeichen.')).toBeVisible();
	await addGoal.getByLabel('Nummer').fill('B-1');
	await addGoal.getByRole('button', { name: 'Ziel hinzufügen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Ziel wurde hinzugefügt.');
	await expect(page.getByRole('rowheader', { name: 'Übergänge von der Kita in die Grundschule begleiten' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Bearbeiten: Übergänge von der Kita in die Grundschule begleiten' }).click();
	await expectNoAxeViolations(page);
	await page.getByLabel('Erläuterung').fill('Gemeinsam mit Kitas und Grundschulen.');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Ziel wurde gespeichert.');
	await expect(page.getByRole('cell', { name: 'Gemeinsam mit Kitas und Grundschulen.' })).toBeVisible();

	await page.getByRole('link', { name: 'Konzept bearbeiten' }).click();
	await expectNoAxeViolations(page);
	await page.getByLabel('Titel').fill(`Bildungsplan ${stamp} (2. Fassung)`);
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Bildungsplan ${stamp} (2. Fassung)` })).toBeVisible();

	await page.getByRole('button', { name: 'Ziel „Übergänge von der Kita in die Grundschule begleiten“ löschen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Ziel wurde gelöscht.');
	await page.getByRole('button', { name: 'Konzept löschen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Konzept wurde gelöscht.');
	await expect(page.getByRole('link', { name: `Bildungsplan ${stamp} (2. Fassung)` })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('creates a city concept with a goal and shows field errors', async ({ page }) => {
		await login(page);
		await page.goto('/m/berlin/concepts/new');
		await page.getByLabel('Titel').fill(`Jugendhilfeplan ${stamp}`);
		await page.getByLabel('Art des Konzepts').selectOption({ label: 'Jugendhilfeplanung' });
		await page.getByLabel('Jahr').fill('1800');
		await page.getByRole('button', { name: 'Anlegen' }).click();
		await expect(page.getByText('Der Wert ist zu klein.')).toBeVisible();
		await page.getByLabel('Jahr').fill('');
		await page.getByRole('button', { name: 'Anlegen' }).click();
		await expect(page.getByRole('heading', { level: 1, name: `Jugendhilfeplan ${stamp}` })).toBeVisible();
		const addGoal = page.getByRole('form', { name: 'Ziel hinzufügen' });
		await addGoal.getByLabel('Ziel', { exact: true }).fill('Offene Jugendarbeit im Kiez sichern');
		await addGoal.getByRole('button', { name: 'Ziel hinzufügen' }).click();
		await expect(page.getByRole('rowheader', { name: 'Offene Jugendarbeit im Kiez sichern' })).toBeVisible();
	});
});

test.describe('API', () => {
	let db: Db;
	let other: Awaited<ReturnType<typeof createForeignTenant>>;
	let local: Awaited<ReturnType<typeof createLocalAdmin>>;
	test.beforeAll(async ({}, info) => {
		db = openProjectDb(info);
		other = await createForeignTenant(db);
		local = await createLocalAdmin(db, 'berlin');
	});
	test.afterAll(async () => db?.close());

	test('lists concepts with goals, creates one with a goal; another municipality is 404 and unchanged', async ({ request }) => {
		const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
		const list = await (await request.get('/api/v1/concepts', { headers })).json();
		const demo = list.data.find((c: { kind: string }) => c.kind === 'integration');
		expect(demo.goals.length).toBe(6);

		const created = await request.post('/api/v1/concepts', { headers, data: { kind: 'social', title: `Sozialplan ${stamp}`, year: 2025 } });
		expect(created.status()).toBe(201);
		const c = await created.json();
		const goal = await request.post(`/api/v1/concepts/${c.id}/goals`, { headers, data: { code: 'S1', title: 'Armut im Alter vorbeugen' } });
		expect(goal.status()).toBe(201);
		expect((await (await request.get(`/api/v1/concepts/${c.id}`, { headers })).json()).goals).toHaveLength(1);
		expect((await request.post('/api/v1/concepts', { headers, data: { kind: 'plan', title: '' } })).status()).toBe(422);

		const before = await snapshotTenant(db, other.municipality.id);
		for (const [method, url] of [
			['GET', `/api/v1/concepts/${other.ids.conceptId}`],
			['PATCH', `/api/v1/concepts/${other.ids.conceptId}`],
			['DELETE', `/api/v1/concepts/${other.ids.conceptId}`],
			['POST', `/api/v1/concepts/${other.ids.conceptId}/goals`]
		] as const) {
			const res = await request.fetch(url, { method, headers, data: method === 'GET' || method === 'DELETE' ? undefined : { title: 'Gekapert' } });
			expect(res.status(), `${method} ${url}`).toBe(404);
			expect(res.headers()['content-type']).toContain('application/problem+json');
		}
		expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
		expect((await request.delete(`/api/v1/concepts/${c.id}`, { headers })).status()).toBe(204);
	});
});
