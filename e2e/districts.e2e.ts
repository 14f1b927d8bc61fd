import { expect, test, type Page } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin, snapshotTenant } from './support/foreign-tenant';

/** Districts, their boundary, the district concept with the starting decisions, and actors – as the demo admin. */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const square = (x: number, y: number, d = 0.004) =>
	JSON.stringify({
		type: 'Feature',
		properties: {},
		geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] }
	});
const unclosed = JSON.stringify({ type: 'Polygon', coordinates: [[[13.4, 52.48], [13.41, 52.48], [13.41, 52.49], [13.4, 52.49]]] });

async function submitBadDistrict(page: Page) {
	await page.goto('/m/berlin/districts/new');
	await page.getByLabel('Name').fill('Fehlerhafter Kiez');
	await page.getByLabel('Schlüssel').fill('A B');
	await page.getByLabel('Grenze als GeoJSON').fill(unclosed);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bitte korrigieren Sie die markierten Felder.')).toBeVisible();
	await expect(page.getByText('Nur Buchstaben, Ziffern, Punkt, Bindestrich, Unterstrich und Schrägstrich, ohne Leerzeichen.')).toBeVisible();
	await expect(page.getByText('Jeder Ring der Grenze muss geschlossen sein und mindestens vier Punkte haben.')).toBeVisible();
	await expect(page.getByLabel('Schlüssel')).toHaveAttribute('aria-invalid', 'true');
	// The values come back so nothing typed is lost.
	await expect(page.getByLabel('Name')).toHaveValue('Fehlerhafter Kiez');
}

test('the overview lists the demo districts with their sub-areas and is accessible', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/districts');
	await expect(page.getByRole('heading', { level: 1, name: 'Stadtteile' })).toBeVisible();
	const table = page.getByRole('table', { name: /Stadtteile und Teilgebiete/ });
	await expect(table.getByRole('rowheader', { name: 'Schillerpromenade', exact: true })).toBeVisible();
	await expect(table.getByRole('rowheader', { name: 'Rollberg' })).toBeVisible();
	await expectNoAxeViolations(page);

	await table.getByRole('link', { name: 'Schillerpromenade', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Schillerpromenade' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Umriss von Schillerpromenade' })).toBeVisible();
	await expect(page.locator('figcaption')).toContainText('Teilgebiete mit eigener Grenze');
	await expect(page.getByRole('link', { name: 'Lokaler Aktionsplan' })).toHaveAttribute('href', /\/m\/berlin\/districts\/[0-9a-f-]+\/plan$/);
	await expectNoAxeViolations(page);
});

test('creates a district with a boundary, edits and deletes it', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/districts');
	await page.getByRole('link', { name: 'Stadtteil anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Stadtteil anlegen' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name').fill(`Testkiez ${stamp}`);
	await page.getByLabel('Schlüssel').fill(`T-${stamp}`);
	await page.getByLabel('Übergeordneter Stadtteil').selectOption({ label: 'Neuköllner Mitte/Zentrum (081002)' });
	await page.getByLabel('Grenze als GeoJSON').fill(square(13.43, 52.472));
	await page.getByRole('button', { name: 'Anlegen' }).click();

	await expect(page.getByRole('heading', { level: 1, name: `Testkiez ${stamp}` })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Der Stadtteil wurde angelegt.');
	await expect(page.getByRole('img', { name: `Umriss von Testkiez ${stamp}` })).toBeVisible();
	await expect(page.locator('figcaption')).toContainText('etwa 0,3 km breit');
	await expect(page.getByRole('link', { name: 'Neuköllner Mitte/Zentrum' })).toBeVisible();
	await expectNoAxeViolations(page);

	// The boundary can be downloaded as GeoJSON.
	const geo = await page.request.get(new URL(page.url()).pathname + '/boundary.geojson');
	expect(geo.headers()['content-type']).toContain('application/geo+json');
	expect((await geo.json()).geometry.type).toBe('Polygon');

	// A duplicate code is refused with a message next to the field.
	await page.goto('/m/berlin/districts/new');
	await page.getByLabel('Name').fill('Doppelt');
	await page.getByLabel('Schlüssel').fill(`T-${stamp}`);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Dieser Schlüssel wird bereits verwendet.')).toBeVisible();

	await page.goto('/m/berlin/districts');
	await page.getByRole('link', { name: `Testkiez ${stamp}` }).click();
	await page.getByRole('link', { name: 'Bearbeiten' }).click();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name').fill(`Testkiez ${stamp} Nord`);
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Testkiez ${stamp} Nord` })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Die Änderungen wurden gespeichert.');

	// Deleting needs the confirmation.
	await page.getByRole('button', { name: 'Stadtteil löschen' }).click();
	await expect(page.getByText('Bitte bestätigen Sie das Löschen.')).toBeVisible();
	await page.getByLabel('Ja, diesen Stadtteil endgültig löschen').check();
	await page.getByRole('button', { name: 'Stadtteil löschen' }).click();
	await expect(page.getByRole('status')).toHaveText('Der Stadtteil wurde gelöscht.');
	await expect(page.getByRole('link', { name: `Testkiez ${stamp} Nord` })).toHaveCount(0);

	// A region with sub-areas cannot be deleted.
	await page.getByRole('table').getByRole('link', { name: 'Schillerpromenade', exact: true }).click();
	await page.getByLabel('Ja, diesen Stadtteil endgültig löschen').check();
	await page.getByRole('button', { name: 'Stadtteil löschen' }).click();
	await expect(page.getByText('Der Eintrag wird noch verwendet und kann nicht gelöscht werden.')).toBeVisible();
});

test('shows German field errors for bad input with JavaScript', async ({ page }) => {
	await login(page);
	await submitBadDistrict(page);
	await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('shows German field errors for bad input and saves the district concept', async ({ page }) => {
		await login(page);
		await submitBadDistrict(page);

		await page.goto('/m/berlin/districts');
		await page.getByRole('table').getByRole('link', { name: 'Rollberg' }).click();
		await page.getByRole('link', { name: 'Stadtteilkonzept für Integration' }).click();
		await expect(page.getByText('Für diesen Stadtteil gibt es noch kein Stadtteilkonzept.', { exact: false })).toBeVisible();
		await page.getByLabel('Thematisch fokussiertes Integrationskonzept').check();
		await page.getByLabel('Basisorientiert').check();
		await page.getByRole('group', { name: '6. Politischen Rückhalt schaffen' }).getByLabel('Stand').selectOption({ label: 'In Arbeit' });
		await page.getByRole('button', { name: 'Stadtteilkonzept speichern' }).click();
		await expect(page.getByRole('status')).toHaveText('Das Stadtteilkonzept wurde gespeichert.');
		const row = page.getByRole('row', { name: /6\. Politischen Rückhalt schaffen/ });
		await expect(row).toContainText('In Arbeit');
	});
});

test('edits the district concept and the six starting decisions', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/districts');
	await page.getByRole('table').getByRole('link', { name: 'Körnerpark' }).click();
	await page.getByRole('link', { name: 'Stadtteilkonzept für Integration' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Stadtteilkonzept für Integration: Körnerpark' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByLabel('Stadtteilbezogenes Integrationskonzept').check();
	await page.getByLabel('Kooperativ').check();
	await page.getByLabel('Verwaltungsorientiert').check();
	await page.getByLabel('Phase').selectOption({ label: 'Bestandsaufnahme' });
	await page.getByLabel('Integrationsverständnis').fill('Teilhabechancen für alle im Körnerpark-Kiez verbessern.');
	const first = page.getByRole('group', { name: '1. Stadtteil auswählen' });
	await first.getByLabel('Stand').selectOption({ label: 'Getroffen' });
	await first.getByLabel('Notiz').fill('Auswahl nach dem Sozialmonitoring.');
	// Too long a note is refused with the values kept.
	const second = page.getByRole('group', { name: '2. Gemeinsames Integrationsverständnis' });
	await second.getByLabel('Notiz').evaluate((el, v) => {
		el.removeAttribute('maxlength');
		(el as HTMLTextAreaElement).value = v;
	}, 'x'.repeat(5001));
	await page.getByRole('button', { name: 'Stadtteilkonzept speichern' }).click();
	await expect(second.getByText('Der Text ist zu lang.')).toBeVisible();
	await expect(page.getByLabel('Kooperativ')).toBeChecked();
	await second.getByLabel('Notiz').fill('Entwurf im Stadtteilforum.');
	await second.getByLabel('Stand').selectOption({ label: 'In Arbeit' });
	await page.getByRole('button', { name: 'Stadtteilkonzept speichern' }).click();

	await expect(page.getByRole('status')).toHaveText('Das Stadtteilkonzept wurde gespeichert.');
	await expect(page.getByText('1 von 6 Startentscheidungen getroffen, 1 in Arbeit.')).toBeVisible();
	await expect(page.getByRole('row', { name: /1\. Stadtteil auswählen/ })).toContainText('Auswahl nach dem Sozialmonitoring.');
	await expect(page.getByText('Kooperativ, Verwaltungsorientiert').or(page.getByText('Verwaltungsorientiert, Kooperativ'))).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: /Zurück zum Stadtteil/ }).click();
	await expect(page.getByText('Phase: Bestandsaufnahme; 1 von 6 Startentscheidungen getroffen')).toBeVisible();
});

test('actors: list with filter, create, edit, refuse a duplicate, delete', async ({ page }) => {
	await login(page);
	await page.goto('/m/berlin/actors');
	await expect(page.getByRole('heading', { level: 1, name: 'Akteure' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Jugendamt Neukölln' })).toBeVisible();
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Kita' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByRole('rowheader', { name: 'Kita Sonnenblume (Demo)' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Jugendamt Neukölln' })).toHaveCount(0);

	await page.getByRole('link', { name: 'Akteur anlegen' }).click();
	await page.getByLabel('Name', { exact: true }).fill(`Elterncafé ${stamp}`);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Zivilgesellschaft / Verein' });
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('status')).toHaveText('Der Akteur wurde angelegt.');

	await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Jugendamt Neukölln');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Dieser Name wird bereits verwendet.')).toBeVisible();
	await page.getByLabel('Name', { exact: true }).fill(`Elterncafé ${stamp} e. V.`);
	await page.getByLabel('Ebene').selectOption({ label: 'Gesamtstadt' });
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toHaveText('Die Änderungen wurden gespeichert.');

	await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
	await page.getByRole('button', { name: 'Akteur löschen' }).click();
	await expect(page.getByRole('status')).toHaveText('Der Akteur wurde gelöscht.');
	await expect(page.getByRole('rowheader', { name: `Elterncafé ${stamp} e. V.` })).toHaveCount(0);
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

	test('districts and actors: create, read, change, delete; bad GeoJSON is 422; another municipality is 404', async ({ request }) => {
		const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
		const created = await request.post('/api/v1/districts', { headers, data: { name: `API-Kiez ${stamp}`, code: `API-${stamp}`, boundary: JSON.parse(square(13.41, 52.47)) } });
		expect(created.status()).toBe(201);
		const d = await created.json();
		expect(d.boundary.type).toBe('Polygon');
		const list = await (await request.get('/api/v1/districts', { headers })).json();
		expect(list.data.map((x: { code: string }) => x.code)).toContain(`API-${stamp}`);
		const patched = await request.patch(`/api/v1/districts/${d.id}`, { headers, data: { boundary: null } });
		expect((await patched.json()).boundary).toBeNull();

		const bad = await request.post('/api/v1/districts', {
			headers: { ...headers, 'accept-language': 'de' },
			data: { name: 'X', code: `BAD-${stamp}`, boundary: { type: 'Polygon', coordinates: [[[200, 52], [201, 52], [201, 53], [200, 52]]] } }
		});
		expect(bad.status()).toBe(422);
		expect(bad.headers()['content-type']).toContain('application/problem+json');
		expect((await bad.json()).errors.boundary[0]).toContain('außerhalb des gültigen Bereichs');
		expect((await request.delete(`/api/v1/districts/${d.id}`, { headers })).status()).toBe(204);

		const actor = await request.post('/api/v1/actors', { headers, data: { name: `API-Akteur ${stamp}`, kind: 'school', level: 'city' } });
		expect(actor.status()).toBe(201);
		const a = await actor.json();
		expect((await request.patch(`/api/v1/actors/${a.id}`, { headers, data: { level: 'city' } })).status()).toBe(200);
		expect((await request.post('/api/v1/actors', { headers, data: { name: `API-Akteur ${stamp}`, kind: 'school', level: 'city' } })).status()).toBe(409);
		expect((await request.delete(`/api/v1/actors/${a.id}`, { headers })).status()).toBe(204);

		const before = await snapshotTenant(db, other.municipality.id);
		for (const [method, url] of [
			['GET', `/api/v1/districts/${other.ids.districtId}`],
			['PATCH', `/api/v1/districts/${other.ids.districtId}`],
			['DELETE', `/api/v1/districts/${other.ids.districtId}`],
			['GET', `/api/v1/actors/${other.ids.actorId}`],
			['PATCH', `/api/v1/actors/${other.ids.actorId}`],
			['DELETE', `/api/v1/actors/${other.ids.actorId}`]
		] as const) {
			const res = await request.fetch(url, { method, headers, data: method === 'PATCH' ? { name: 'Gekapert' } : undefined });
			expect(res.status(), `${method} ${url}`).toBe(404);
			expect(res.headers()['content-type']).toContain('application/problem+json');
		}
		// A foreign parent is an unknown reference, not a way into the other municipality.
		const foreignParent = await request.post('/api/v1/districts', { headers, data: { name: 'Kind', code: `FP-${stamp}`, parentId: other.ids.districtId } });
		expect(foreignParent.status()).toBe(422);
		expect(await snapshotTenant(db, other.municipality.id)).toEqual(before);
	});
});
