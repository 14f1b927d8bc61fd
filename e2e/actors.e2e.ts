import { expect, test, type Page } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, hashToken, newToken, nowIso } from '$lib/server/core/ids';
import { insertUser } from '$lib/server/accounts/create-user';
import { insertMembership } from '$lib/server/accounts/grant-role';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { settle } from './support/test';

/**
 * Actor inventory (issue 4, points 1 and 2): profile with fields of action and languages, activities with place,
 * schedule and German cost, contact persons with consent and erasure, cooperations and the network, the
 * handbook overview, the written overview, search, merging a duplicate; a partner keeping only its own profile;
 * contact data through the API only for permitted roles.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const actorName = `Elternverein Regenbogen ${stamp}`;
const duplicateName = `Elternverein Regenbogen e. V. ${stamp}`;

let db: Db;
test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
});
test.afterAll(async () => db?.close());

async function createActorViaForm(page: Page, name: string, opts: { kind: string; languages?: string[] }) {
	await page.goto('/m/berlin/actors/new');
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: opts.kind });
	if (opts.languages?.length) {
		await page.getByText('Sprachen auswählen').click();
		for (const l of opts.languages) await page.getByLabel(l, { exact: true }).check();
	}
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('status')).toHaveText('Der Akteur wurde angelegt.');
}

test('actor profile, activity with map and stale marker, contact person with erasure, cooperation, overviews and search', async ({ page }) => {
	// One long user journey with a dozen accessibility checks.
	test.setTimeout(240_000);
	await login(page);
	await page.goto('/m/berlin/actors');
	await expect(page.getByRole('heading', { level: 1, name: 'Akteure' })).toBeVisible();
	await expectNoAxeViolations(page);

	// Create with the full profile; a script in free text stays text.
	await page.getByRole('link', { name: 'Akteur anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Akteur anlegen' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name', { exact: true }).fill(actorName);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Migrantenorganisation' });
	await page.getByLabel('Ebene').selectOption({ label: 'Gesamtstadt' });
	await page.getByLabel('Funktion').fill('Brücke zwischen Familien und Schulen');
	await page.getByLabel('Sprache und Sprachförderung').check();
	await page.getByText('Sprachen auswählen').click();
	await page.getByLabel('Türkisch', { exact: true }).check();
	await page.getByLabel('Arabisch', { exact: true }).check();
	await page.getByLabel('Schlüsselperson').check();
	await page.getByLabel('Interessen').fill('<script>alert("x")</script> Bildungserfolg');
	await page.getByLabel('Internetseite').fill('javascript:alert(1)');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bitte geben Sie eine Internetadresse an, die mit http:// oder https:// beginnt.')).toBeVisible();
	await expect(page.getByLabel('Funktion')).toHaveValue('Brücke zwischen Familien und Schulen');
	await page.getByLabel('Internetseite').fill('https://regenbogen.example.org');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Der Akteur wurde angelegt.');
	await expect(page.getByRole('heading', { level: 1, name: actorName })).toBeVisible();
	await expect(page.getByText('<script>alert("x")</script> Bildungserfolg')).toBeVisible();
	await expect(page.getByText('Türkisch, Arabisch').or(page.getByText('Arabisch, Türkisch'))).toBeVisible();
	await expectNoAxeViolations(page);
	const actorUrl = page.url().replace(/\?.*$/, '');

	// Activity: bad input first (German errors, nothing lost), then a good one.
	await page.getByRole('link', { name: 'Angebot anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Angebot anlegen/ })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Bezeichnung').fill(`Sprachcafé ${stamp}`);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Sprache und Sprachförderung' });
	await page.getByLabel('Eltern').check();
	await page.getByLabel('Breite').fill('95');
	await page.getByLabel('Länge').fill('13,4229');
	await page.getByLabel('Kosten für Teilnehmende (Euro)').fill('zwei Euro');
	await page.getByLabel('Beginn').fill('16:00');
	await page.getByLabel(/^Ende/).fill('15:00');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Die geografische Breite liegt zwischen −90 und 90 Grad.')).toBeVisible();
	await expect(page.getByText('Bitte geben Sie einen Betrag in Euro ein, z. B. 1.250,50.')).toBeVisible();
	await expect(page.getByText('Das Ende darf nicht vor dem Beginn liegen.')).toBeVisible();
	await expect(page.getByLabel('Bezeichnung')).toHaveValue(`Sprachcafé ${stamp}`);
	await page.getByLabel('Breite').fill('52,4751');
	await page.getByLabel('Kosten für Teilnehmende (Euro)').fill('2,50 €');
	await page.getByLabel(/^Ende/).fill('18:00');
	await page.getByLabel('Donnerstag').check();
	await page.getByLabel('Anschrift oder Ortsbeschreibung').fill('Herrfurthplatz 1');
	await page.getByLabel('Zuletzt bestätigt am').fill('2024-01-15');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Das Angebot wurde angelegt.');
	await expect(page.getByText('Die Angaben sind älter als zwölf Monate und gelten als veraltet.')).toBeVisible();
	await expect(page.getByLabel('Kosten für Teilnehmende (Euro)')).toHaveValue('2,50');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Heute als aktuell bestätigen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Angebot wurde als aktuell bestätigt.');
	await expect(page.getByText('Die Angaben sind älter als zwölf Monate')).toHaveCount(0);

	// Activities list with the server-rendered map and its table.
	await page.goto('/m/berlin/actors/activities');
	await expect(page.locator('figure.map svg[role="img"]')).toBeVisible();
	const row = page.getByRole('row', { name: new RegExp(`Sprachcafé ${stamp}`) });
	await expect(row).toContainText('2,50 €');
	await expect(row).toContainText('Do, 16:00–18:00');
	await expectNoAxeViolations(page);

	// Contact person: consent must be documented; then visible to the admin; erasure removes it.
	await page.goto(actorUrl);
	await page.getByRole('link', { name: 'Kontaktperson anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Kontaktperson anlegen/ })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Name der Person').fill('Ayşe Demir');
	await page.getByLabel('E-Mail-Adresse').fill('ayse@example.org');
	await page.getByLabel('Zweck').fill('Einladungen zum Stadtteilforum');
	const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
	await page.getByLabel('Löschen spätestens am').fill(nextYear);
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bei einer Einwilligung geben Sie bitte das Datum an.')).toBeVisible();
	await page.getByLabel('Einwilligung am').fill('2025-03-01');
	await page.getByLabel('Art der Einwilligung').fill('schriftlich beim Forum');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Kontaktperson wurde angelegt.');
	await expect(page.getByRole('rowheader', { name: 'Ayşe Demir' })).toBeVisible();

	// Cooperation with a demo actor; shown in the network (SVG + table).
	await page.getByLabel('Kooperationspartner').selectOption({ label: 'Kita Sonnenblume (Demo)' });
	await page.getByLabel('Worum geht es?').fill('Elterncafé in der Kita');
	await page.getByRole('button', { name: 'Kooperation eintragen' }).click();
	await expect(page.getByRole('status')).toHaveText('Die Kooperation wurde eingetragen.');
	await expectNoAxeViolations(page);
	await page.goto('/m/berlin/actors/network');
	await expect(page.locator('figure.network svg[role="img"]')).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: actorName }).filter({ hasText: 'Elterncafé in der Kita' })).toBeVisible();
	await expectNoAxeViolations(page);

	// Handbook overview (fields × levels), written overview, search.
	await page.goto('/m/berlin/actors/overview');
	await expect(page.getByRole('row', { name: /Sprache und Sprachförderung/ }).getByRole('link', { name: actorName })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.goto('/m/berlin/actors/print');
	await expect(page.getByRole('heading', { level: 2, name: 'Sprache und Sprachförderung' })).toBeVisible();
	await expect(page.getByText('Ayşe')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.goto('/m/berlin/actors');
	await page.getByRole('searchbox', { name: 'Suche' }).fill('türkisch eltern');
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByRole('rowheader', { name: new RegExp(actorName) })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Jugendamt Neukölln' })).toHaveCount(0);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Schule' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByText('Keine Akteure passen zur Suche oder zum Filter.')).toBeVisible();

	// The retention overview lists contacts past their date; erasing leaves no personal data.
	const contact = await db.kysely.selectFrom('actor_contact').select(['id']).where('name', '=', 'Ayşe Demir').executeTakeFirstOrThrow();
	await db.kysely.updateTable('actor_contact').set({ retention_until: '2020-01-01' }).where('id', '=', contact.id).execute();
	await page.goto('/m/berlin/actors/retention');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Ayşe Demir löschen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Kontaktperson wurde mit allen persönlichen Daten gelöscht.');
	expect(await db.kysely.selectFrom('actor_contact').select('id').where('id', '=', contact.id).executeTakeFirst()).toBeUndefined();
	const audit = await db.kysely.selectFrom('audit_entry').select(['action', 'changes']).where('entity_id', '=', contact.id).execute();
	expect(audit.map((a) => a.action).sort()).toEqual(['create', 'erase']);
	expect(JSON.stringify(audit)).not.toMatch(/Ayşe|Demir|ayse@/);
});

test('merging a duplicate moves its activities and cooperations, and refuses merging an actor into itself', async ({ page }) => {
	await login(page);
	await createActorViaForm(page, duplicateName, { kind: 'Migrantenorganisation', languages: ['Kurdisch'] });
	await page.getByRole('link', { name: 'Angebot anlegen' }).click();
	await page.getByLabel('Bezeichnung').fill(`Hausaufgabenhilfe ${stamp}`);
	await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
	await page.getByLabel('Kosten für Teilnehmende (Euro)').fill('0');
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByRole('status')).toHaveText('Das Angebot wurde angelegt.');

	await page.goto('/m/berlin/actors');
	await page.getByRole('link', { name: actorName, exact: true }).click();
	await page.getByRole('link', { name: 'Doppelten Akteur hierher zusammenführen' }).click();
	await page.getByLabel('Doppelter Akteur').selectOption({ label: duplicateName });
	await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	await settle(page);
	await expect(page.getByText('1 Angebot', { exact: true })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: `„${duplicateName}“ in „${actorName}“ zusammenführen` }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Akteure wurden zusammengeführt.');
	await expect(page.getByRole('rowheader', { name: `Hausaufgabenhilfe ${stamp}` })).toBeVisible();
	await expect(page.getByText(/Kurdisch/)).toBeVisible();
	const merged = await db.kysely.selectFrom('actor').select('id').where('name', '=', duplicateName).executeTakeFirst();
	expect(merged).toBeUndefined();

	// Posting the actor's own id as duplicate is a field error, nothing changes.
	const id = page.url().split('/actors/')[1].split(/[?#]/)[0];
	const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
	const res = await page.request.post(`/m/berlin/actors/${id}/merge`, { form: { _csrf: csrf!, duplicateId: id }, headers: { origin: new URL(page.url()).origin, accept: 'text/html' } });
	expect(res.status()).toBe(422);
});

test('a district-level actor names its districts; the actor list, the overview and the district page show the district view', async ({ page }) => {
	test.setTimeout(120_000);
	const local = `Stadtteilladen Rollberg ${stamp}`;
	await login(page);
	await page.goto('/m/berlin/actors/new');
	await page.getByLabel('Name', { exact: true }).fill(local);
	await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Träger / Einrichtung' });
	await page.getByLabel('Ebene').selectOption({ label: 'Stadtteil' });
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await expect(page.getByText('Bitte wählen Sie mindestens einen Stadtteil, in dem der Akteur tätig ist')).toBeVisible();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue(local);
	await expectNoAxeViolations(page);
	await page.getByLabel('Rollberg', { exact: true }).check();
	await page.getByRole('button', { name: 'Anlegen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Der Akteur wurde angelegt.');
	await expect(page.getByRole('definition').getByRole('link', { name: 'Rollberg' })).toBeVisible();
	const actorPath = new URL(page.url()).pathname;

	// The view of the region containing Rollberg: its district-level actors and every city-wide one.
	await page.goto('/m/berlin/actors');
	await page.getByLabel('Stadtteil', { exact: true }).selectOption({ label: 'Neuköllner Mitte/Zentrum' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page).toHaveURL(/district=/);
	await expect(page.getByRole('rowheader', { name: local })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Jugendamt Neukölln' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Kita Sonnenblume (Demo)' })).toHaveCount(0);
	await expect(page.getByRole('row', { name: new RegExp(local) })).toContainText('Rollberg');
	await expectNoAxeViolations(page);
	await page.getByLabel('Stadtteil', { exact: true }).selectOption({ label: 'Schillerpromenade' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByRole('rowheader', { name: 'Kita Sonnenblume (Demo)' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: local })).toHaveCount(0);

	// The handbook overview (fields × levels) for a district.
	await page.goto('/m/berlin/actors/overview');
	await page.getByLabel('Stadtteil', { exact: true }).selectOption({ label: 'Neuköllner Mitte/Zentrum' });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByRole('table').first().getByRole('caption')).toContainText('Neuköllner Mitte/Zentrum');
	await expect(page.getByRole('link', { name: local }).first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'Kita Sonnenblume (Demo)' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Wohnungsgenossenschaft Schillerkiez eG (Demo)' }).first()).toBeVisible();
	await expectNoAxeViolations(page);

	// The district's profile page lists it and links to the filtered list.
	await page.goto('/m/berlin/districts');
	await page.getByRole('link', { name: 'Neuköllner Mitte/Zentrum' }).first().click();
	const section = page.getByRole('region', { name: 'Akteure im Stadtteil' });
	await expect(section.getByRole('link', { name: local })).toBeVisible();
	await expectNoAxeViolations(page);
	const districtUrl = page.url();
	await section.getByRole('link', { name: 'Schriftlicher Überblick dieses Stadtteils' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Schriftlicher Überblick.+ – Neuköllner Mitte\/Zentrum$/ })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: local })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: 'Kita Sonnenblume (Demo)' })).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.goto(districtUrl);
	await section.getByRole('link', { name: 'Akteursliste dieses Stadtteils' }).click();
	await expect(page.getByRole('rowheader', { name: local })).toBeVisible();
	await expect(page.getByLabel('Stadtteil', { exact: true })).toHaveValue(/[0-9a-f-]{36}/);

	// Turned city-wide, the actor keeps no district even though the box is still ticked.
	await page.goto(`${actorPath}/edit`);
	await expect(page.getByLabel('Rollberg', { exact: true })).toBeChecked();
	await page.getByLabel('Ebene').selectOption({ label: 'Gesamtstadt' });
	await page.getByRole('button', { name: 'Speichern' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Änderungen wurden gespeichert.');
	await expect(page.getByText('Tätig in den Stadtteilen')).toHaveCount(0);
	const id = actorPath.split('/').pop()!;
	expect(await db.kysely.selectFrom('actor_district').select('district_id').where('actor_id', '=', id).execute()).toEqual([]);
});

test.describe('a partner', () => {
	test.use({ javaScriptEnabled: false });
	test('keeps its own profile and activities without JavaScript, but not those of others, and sees no other contacts', async ({ page }) => {
		const m = await db.kysely.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
		const own = await db.kysely.selectFrom('actor').select('id').where('municipality_id', '=', m.id).where('name', '=', actorName).executeTakeFirstOrThrow();
		const other = await db.kysely.selectFrom('actor').select('id').where('municipality_id', '=', m.id).where('name', '=', 'Kita Sonnenblume (Demo)').executeTakeFirstOrThrow();
		const email = `partner-${stamp}@example.org`;
		const password = 'partner-password-1234';
		const user = await insertUser(db.kysely, { email, name: 'Partnerin', password });
		await insertMembership(db.kysely, { municipalityId: m.id, userId: user.id, role: 'partner', actorId: own.id });
		const now = nowIso();
		await db.kysely
			.insertInto('actor_contact')
			.values({ id: newId(), municipality_id: m.id, actor_id: other.id, name: 'Geheime Person', role_title: '', email: 'geheim@example.org', phone: '', languages: '[]', purpose: 'Test', legal_basis: 'public-task', consent_date: null, consent_method: '', retention_until: '2099-01-01', created_at: now, updated_at: now })
			.execute();

		await login(page, email, password);
		await page.goto(`/m/berlin/actors/${other.id}`);
		await expect(page.getByRole('heading', { level: 1, name: 'Kita Sonnenblume (Demo)' })).toBeVisible();
		await expect(page.getByText('Geheime Person')).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Profil bearbeiten' })).toHaveCount(0);
		expect((await page.request.get(`/m/berlin/actors/${other.id}/edit`)).status()).toBe(403);
		expect((await page.request.get(`/m/berlin/actors/${other.id}/activities/new`)).status()).toBe(403);

		await page.goto(`/m/berlin/actors/${own.id}`);
		await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
		await page.getByLabel('Ressourcen').fill('Räume am Wochenende');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await expect(page.getByRole('status')).toHaveText('Die Änderungen wurden gespeichert.');
		await expect(page.getByText('Räume am Wochenende')).toBeVisible();
		// Unchanged boxes survive a plain form post.
		await expect(page.getByText(/Türkisch/)).toBeVisible();
		await page.getByRole('link', { name: 'Angebot anlegen' }).click();
		await page.getByLabel('Bezeichnung').fill(`Elternfrühstück ${stamp}`);
		await page.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung und Übergang Schule–Beruf' });
		await page.getByRole('button', { name: 'Anlegen' }).click();
		await expect(page.getByRole('status')).toHaveText('Das Angebot wurde angelegt.');
		// axe needs JavaScript in the page; the same pages are checked in the test with JavaScript above.
	});
});

test('API: activities with German cost, contact persons only for permitted tokens', async ({ request }) => {
	const m = await db.kysely.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow();
	const actor = await db.kysely.selectFrom('actor').select('id').where('municipality_id', '=', m.id).where('name', '=', actorName).executeTakeFirstOrThrow();
	const field = await db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', m.id).where('key', '=', 'health').executeTakeFirstOrThrow();
	const token = async (role: 'coordinator' | 'board') => {
		const user = await insertUser(db.kysely, { email: `${role}-api-${stamp}@example.org`, name: role });
		await insertMembership(db.kysely, { municipalityId: m.id, userId: user.id, role });
		const t = newToken();
		await db.kysely.insertInto('api_token').values({ id: newId(), municipality_id: m.id, user_id: user.id, name: 'e2e', token_hash: hashToken(t), created_at: nowIso(), last_used_at: null, revoked_at: null }).execute();
		return { authorization: `Bearer ${t}`, 'content-type': 'application/json' };
	};
	const coordinator = await token('coordinator');
	const board = await token('board');

	const created = await request.post('/api/v1/activities', {
		headers: coordinator,
		data: { actorId: actor.id, actionFieldId: field.id, title: 'Gesundheitslotsen', cost: '2,50 €', lat: 52.47, lon: 13.42, weekdays: ['tue'], startTime: '10:00', languages: ['tr'] }
	});
	expect(created.status()).toBe(201);
	const act = await created.json();
	expect(act).toMatchObject({ costCents: 250, stale: true, weekdays: ['tue'] });
	expect((await request.patch(`/api/v1/activities/${act.id}`, { headers: coordinator, data: { lat: 91 } })).status()).toBe(422);
	expect((await request.post(`/api/v1/activities/${act.id}/confirm`, { headers: coordinator })).status()).toBe(200);
	const list = await (await request.get(`/api/v1/activities?actorId=${actor.id}&stale=false`, { headers: coordinator })).json();
	expect(list.data.map((a: { id: string }) => a.id)).toContain(act.id);

	const contact = await request.post(`/api/v1/actors/${actor.id}/contacts`, {
		headers: coordinator,
		data: { name: 'Max Muster', phone: '030 1234', purpose: 'Rückfragen', legalBasis: 'public-task', retentionUntil: `${new Date().getUTCFullYear() + 2}-01-01` }
	});
	expect(contact.status()).toBe(201);
	const withContacts = await (await request.get(`/api/v1/actors/${actor.id}`, { headers: coordinator })).json();
	expect(withContacts.contacts.map((c: { name: string }) => c.name)).toContain('Max Muster');
	const forBoard = await request.get(`/api/v1/actors/${actor.id}`, { headers: board });
	expect(forBoard.status()).toBe(200);
	const boardView = await forBoard.json();
	expect(boardView.contacts).toBeUndefined();
	expect(JSON.stringify(boardView)).not.toContain('Max Muster');
	expect((await request.get(`/api/v1/actors/${actor.id}/contacts`, { headers: board })).status()).toBe(403);
	const c = await contact.json();
	expect((await request.delete(`/api/v1/actors/${actor.id}/contacts/${c.id}?reason=no-longer-needed`, { headers: coordinator })).status()).toBe(204);
	expect((await request.delete(`/api/v1/activities/${act.id}`, { headers: coordinator })).status()).toBe(204);
});
