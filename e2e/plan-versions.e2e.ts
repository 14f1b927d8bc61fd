import { expect, settle, test } from './support/test';
import type { Db } from '$lib/server/db/connection';
import { newId, nowIso } from '$lib/server/core/ids';
import { expectNoAxeViolations } from './support/axe';
import { login } from './support/login';
import { openProjectDb } from './support/db';
import { createForeignTenant, createLocalAdmin } from './support/foreign-tenant';

/**
 * Versions of the Local Action Plan: the plan's rules, submitting the working draft, recording the council
 * resolution (with German errors), the frozen version, comparison with the draft, superseding; without
 * JavaScript; the API. The plan is inserted directly so the test does not depend on the plan forms.
 */
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const districtName = `Fassungsquartier ${stamp}`;
let db: Db;
let municipalityId: string;
let planId: string;
let otherPlanId: string;
let measureId: string;
let leadB: string;
let fieldId: string;
let goalId: string;
let planUrl: string;
const row = (name: string) => ({ municipality_id: municipalityId, created_at: nowIso(), updated_at: nowIso(), name });

test.beforeAll(async ({}, info) => {
	db = openProjectDb(info);
	const k = db.kysely;
	municipalityId = (await k.selectFrom('municipality').select('id').where('slug', '=', 'berlin').executeTakeFirstOrThrow()).id;
	const now = nowIso();
	const base = { municipality_id: municipalityId, created_at: now, updated_at: now };
	const district = newId();
	const otherDistrict = newId();
	await k.insertInto('district').values({ ...row(districtName), id: district, code: `FQ-${stamp}`, parent_id: null, boundary: null }).execute();
	await k.insertInto('district').values({ ...row(`Nachbarquartier ${stamp}`), id: otherDistrict, code: `NQ-${stamp}`, parent_id: null, boundary: null }).execute();
	const leadA = newId();
	leadB = newId();
	await k.insertInto('actor').values({ ...row(`Familienbüro ${stamp}`), id: leadA, kind: 'administration', level: 'district' }).execute();
	await k.insertInto('actor').values({ ...row(`Bildungsverbund ${stamp}`), id: leadB, kind: 'civil-society', level: 'district' }).execute();
	planId = newId();
	otherPlanId = newId();
	await k.insertInto('action_plan').values({ ...base, id: planId, district_id: district, title: `Aktionsplan ${districtName}`, introduction: 'Aus der Bestandsaufnahme.', reporting_rules: '', evaluation_rules: '', revision_rules: '' }).execute();
	await k.insertInto('action_plan').values({ ...base, id: otherPlanId, district_id: otherDistrict, title: `Aktionsplan Nachbarquartier ${stamp}`, introduction: '', reporting_rules: '', evaluation_rules: '', revision_rules: '' }).execute();
	fieldId = (await k.selectFrom('action_field').select('id').where('municipality_id', '=', municipalityId).where('key', '=', 'education').executeTakeFirstOrThrow()).id;
	goalId = newId();
	const otherGoal = newId();
	const goal = { parent_goal_id: null, action_field_id: fieldId, description: '', priority: 1, time_horizon: '2028-12-31', operationalisation: '' };
	await k.insertInto('goal').values({ ...base, ...goal, id: goalId, action_plan_id: planId, title: 'Übergänge Kita–Schule verbessern' }).execute();
	await k.insertInto('goal').values({ ...base, ...goal, id: otherGoal, action_plan_id: otherPlanId, title: 'Nachbarziel' }).execute();
	measureId = newId();
	await k
		.insertInto('measure')
		.values({
			...base,
			id: measureId,
			action_plan_id: planId,
			action_field_id: fieldId,
			title: 'Elterncafé an der Grundschule',
			description: '',
			lead_actor_id: leadA,
			start_date: '2026-02-01',
			end_date: '2026-12-31',
			cost_cents: 1_250_000,
			funding_source: 'Haushalt',
			spatial_scope: 'district',
			site_label: '',
			site_lat: null,
			site_lon: null,
			decidable_locally: 1,
			integrated: 0,
			starter_project: 1,
			status: 'planned'
		})
		.execute();
	await k.insertInto('measure_goal').values({ municipality_id: municipalityId, measure_id: measureId, goal_id: goalId }).execute();
	await k.insertInto('milestone').values({ id: newId(), municipality_id: municipalityId, measure_id: measureId, title: 'Erstes Treffen', due_date: '2026-03-01', done: 0, sort_order: 10 }).execute();
	planUrl = `/m/berlin/plans/${planId}`;
});
test.afterAll(async () => db?.close());

const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

test('rules, submission, resolution with German errors, frozen version, comparison and superseding', async ({ page }) => {
	await login(page);
	await page.goto(planUrl);
	await expect(page.getByText('Dieser Aktionsplan ist noch nicht beschlossen.')).toBeVisible();

	// The plan's rules.
	await page.getByRole('link', { name: 'Regeln bearbeiten' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^Regeln des Aktionsplans/ })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Wie oft wird berichtet?').selectOption({ label: 'halbjährlich' });
	await page.getByLabel('Nächste Fortschreibung bis').fill('3026-01-01');
	await page.getByRole('button', { name: 'Regeln speichern' }).click();
	await settle(page);
	await expect(page.getByText('Bitte geben Sie an, wer dafür zuständig ist.')).toBeVisible();
	await expect(page.getByText('Bitte geben Sie ein Datum zwischen 1990 und 2100 an.')).toBeVisible();
	await expect(page.getByLabel('Wer berichtet?')).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(page);
	await page.getByLabel('Wer berichtet?').fill('Federführende Stellen');
	await page.getByLabel('An wen wird berichtet?').fill('Steuerungsgruppe');
	await page.getByLabel('Wer schreibt den Plan fort?').fill('Koordinierungsstelle Integration');
	await page.getByLabel('Turnus der Fortschreibung').selectOption({ label: 'alle drei Jahre' });
	await page.getByLabel('Nächste Fortschreibung bis').fill('2029-03-31');
	await page.getByRole('button', { name: 'Regeln speichern' }).click();
	await settle(page);
	await expect(page.getByText('Die Regeln wurden gespeichert.')).toBeVisible();
	const reporting = page.getByRole('row', { name: /^Berichterstattung/ });
	await expect(reporting).toContainText('Federführende Stellen');
	await expect(reporting).toContainText('halbjährlich');
	await expect(page.getByRole('row', { name: /^Fortschreibung/ })).toContainText('31.03.2029');

	// Submit the working draft.
	await page.getByRole('link', { name: 'Fassungen und Beschlüsse' }).click();
	await expect(page.getByText('Es wurde noch keine Fassung eingereicht.')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Anlass oder Bemerkung').fill('Vorlage für den Rat');
	await page.getByRole('button', { name: 'Fassung 1 einreichen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 1, name: `Fassung 1: Aktionsplan ${districtName}` })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Die Fassung wurde eingereicht und eingefroren.');
	await expect(page.getByRole('rowheader', { name: /Elterncafé an der Grundschule/ })).toBeVisible();
	await expectNoAxeViolations(page);
	const v1Url = new URL(page.url()).pathname;

	// Resolution: missing fields and a date in the future are refused in German.
	await page.getByLabel('Datum des Beschlusses').fill('2999-01-01');
	await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
	await settle(page);
	await expect(page.getByText('Das Beschlussdatum darf nicht in der Zukunft liegen.')).toBeVisible();
	await expect(page.getByLabel('Beschlussgremium')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Drucksachennummer')).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(page);
	await page.getByLabel('Beschlussgremium').fill('Rat der Stadt');
	await page.getByLabel('Datum des Beschlusses').fill('2026-03-12');
	await page.getByLabel('Drucksachennummer').fill(`DS 0123/${stamp}`);
	await page.getByLabel('Link zum Ratsinformationssystem').fill('javascript:alert(1)');
	await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
	await settle(page);
	await expect(page.getByText('Bitte geben Sie eine vollständige Internetadresse an')).toBeVisible();
	await expect(page.getByLabel('Beschlussgremium')).toHaveValue('Rat der Stadt');
	await page.getByLabel('Link zum Ratsinformationssystem').fill('https://ratsinfo.example.org/vo/0123');
	await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Der Beschluss wurde erfasst. Diese Fassung ist jetzt der gültige Aktionsplan.');
	await expect(page.getByText('beschlossen, gültig')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Beschluss erfassen' })).toHaveCount(0);
	await expectNoAxeViolations(page);

	// Work continues on the living plan: lead, cost, status change; a measure is added.
	await db.kysely.updateTable('measure').set({ lead_actor_id: leadB, cost_cents: 1_500_000, status: 'in-progress' }).where('id', '=', measureId).execute();
	const now = nowIso();
	const added = newId();
	await db.kysely
		.insertInto('measure')
		.values({ id: added, municipality_id: municipalityId, action_plan_id: planId, action_field_id: fieldId, title: 'Sprachpatenschaften', description: '', lead_actor_id: null, start_date: null, end_date: null, cost_cents: null, funding_source: '', spatial_scope: 'city', site_label: '', site_lat: null, site_lon: null, decidable_locally: 0, integrated: 0, starter_project: 0, status: 'planned', created_at: now, updated_at: now })
		.execute();
	await db.kysely.insertInto('measure_goal').values({ municipality_id: municipalityId, measure_id: added, goal_id: goalId }).execute();

	// The frozen version still shows the plan as resolved.
	await page.goto(v1Url);
	await expect(page.getByRole('row', { name: /Elterncafé/ })).toContainText('12.500,00 €');
	await expect(page.getByRole('rowheader', { name: /Sprachpatenschaften/ })).toHaveCount(0);

	// Comparison with the working draft from the plan page.
	await page.goto(planUrl);
	await expect(page.getByText(`Gültig ist Fassung 1, beschlossen von Rat der Stadt am 12.03.2026 (Drucksache DS 0123/${stamp}).`)).toBeVisible();
	await page.getByRole('link', { name: 'Änderungen seit dem Beschluss' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Fassung 1 (beschlossen, gültig) im Vergleich mit Arbeitsstand (aktuell)' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Maßnahmen: 1 hinzugefügt, 0 entfallen, 1 geändert.');
	await expect(page.getByText('Sprachpatenschaften (Bildung')).toBeVisible();
	const changes = page.getByRole('table', { name: /Änderungen: Elterncafé/ });
	await expect(changes.getByRole('row', { name: /^Kosten/ })).toContainText('12.500,00 €');
	await expect(changes.getByRole('row', { name: /^Kosten/ })).toContainText('15.000,00 €');
	await expect(changes.getByRole('row', { name: /^Federführung/ })).toContainText(`Familienbüro ${stamp}`);
	await expect(changes.getByRole('row', { name: /^Federführung/ })).toContainText(`Bildungsverbund ${stamp}`);
	await expect(changes.getByRole('row', { name: /^Status/ })).toContainText('in Umsetzung');
	await expectNoAxeViolations(page);
	await page.getByLabel('Umsetzungsstand ausblenden (Status und erledigte Meilensteine)').check();
	await page.getByRole('button', { name: 'Vergleichen' }).click();
	await settle(page);
	await expect(page.getByRole('table', { name: /Änderungen: Elterncafé/ }).getByRole('row', { name: /^Status/ })).toHaveCount(0);

	// Next revision: an earlier resolution date is refused; then version 2 supersedes version 1.
	await page.goto(`${planUrl}/versions`);
	await page.getByRole('button', { name: 'Fassung 2 einreichen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 1, name: /^Fassung 2:/ })).toBeVisible();
	await page.getByLabel('Beschlussgremium').fill('Ausschuss für Soziales');
	await page.getByLabel('Datum des Beschlusses').fill('2025-01-01');
	await page.getByLabel('Drucksachennummer').fill('V-2026/17');
	await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
	await settle(page);
	await expect(page.getByText('Das Beschlussdatum liegt vor dem Beschluss der bisher gültigen Fassung.')).toBeVisible();
	await page.getByLabel('Datum des Beschlusses').fill(berlinToday());
	await page.getByRole('button', { name: 'Beschluss erfassen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText(/Der Beschluss wurde erfasst/);
	await page.getByRole('link', { name: 'Zurück zu den Fassungen' }).click();
	await expect(page.getByRole('row', { name: /^Fassung 2/ })).toContainText('beschlossen, gültig');
	await expect(page.getByRole('row', { name: /^Fassung 1/ })).toContainText('abgelöst');
	await expect(page.getByRole('row', { name: /^Fassung 1/ })).toContainText(`Rat der Stadt am 12.03.2026, Drucksache DS 0123/${stamp}`);
	await expectNoAxeViolations(page);
});

test('without JavaScript: submit, withdraw and compare; versions of another plan or municipality are refused', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await login(page);
	await page.goto(`${planUrl}/versions`);
	await page.getByRole('button', { name: 'Fassung 3 einreichen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 1, name: /^Fassung 3:/ })).toBeVisible();
	const v3 = new URL(page.url()).pathname.split('/').pop()!;
	await page.getByLabel('Grund').fill('Von der Tagesordnung genommen');
	await page.getByRole('button', { name: 'Fassung zurückziehen' }).click();
	await settle(page);
	await expect(page.getByRole('status')).toHaveText('Die Fassung wurde zurückgezogen.');
	await expect(page.getByText('Grund: Von der Tagesordnung genommen')).toBeVisible();

	await page.goto(`${planUrl}/versions/compare`);
	await page.getByLabel('Von', { exact: true }).selectOption({ label: 'Fassung 1 (abgelöst)' });
	await page.getByLabel('Mit', { exact: true }).selectOption({ label: 'Fassung 3 (zurückgezogen)' });
	await page.getByRole('button', { name: 'Vergleichen' }).click();
	await settle(page);
	await expect(page.getByRole('heading', { level: 2, name: 'Fassung 1 (abgelöst) im Vergleich mit Fassung 3 (zurückgezogen)' })).toBeVisible();
	await expect(page.getByText('Sprachpatenschaften (Bildung')).toBeVisible();

	// A version of another plan in the same municipality: 422 with a German message; another municipality: 404.
	const other = await page.goto(`/m/berlin/plans/${otherPlanId}/versions/compare?from=${v3}&to=draft`);
	expect(other?.status()).toBe(422);
	await expect(page.getByText('Die gewählte Fassung gehört zu einem anderen Aktionsplan.')).toBeVisible();
	const foreign = await createForeignTenant(db);
	const res = await page.goto(`${planUrl}/versions/compare?from=${foreign.ids.versionId}&to=draft`);
	expect(res?.status()).toBe(404);
	await context.close();
});

test('API: versions, snapshot, comparison with German labels, resolution errors and frozen versions', async ({ request }) => {
	const local = await createLocalAdmin(db, 'berlin');
	const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json', 'accept-language': 'de' };
	const list = await request.get(`/api/v1/plans/${planId}/versions`, { headers });
	expect(list.status()).toBe(200);
	const versions = (await list.json()).data as { id: string; number: number; state: string }[];
	expect(versions.map((v) => [v.number, v.state])).toEqual([
		[3, 'withdrawn'],
		[2, 'resolved'],
		[1, 'superseded']
	]);
	const v1 = versions[2];
	const snap = await (await request.get(`/api/v1/plans/${planId}/versions/${v1.id}`, { headers })).json();
	expect(snap.snapshot.measures.map((m: { title: string }) => m.title)).toEqual(['Elterncafé an der Grundschule']);
	expect(snap.resolution.referenceNumber).toBe(`DS 0123/${stamp}`);

	const cmp = await request.get(`/api/v1/plans/${planId}/compare?from=${v1.id}&to=draft`, { headers });
	expect(cmp.status()).toBe(200);
	const body = await cmp.json();
	expect(body.counts.measures).toEqual({ added: 1, removed: 0, changed: 1 });
	const cost = body.diff.measures.changed[0].changes.find((c: { field: string }) => c.field === 'cost');
	expect(cost).toMatchObject({ label: 'Kosten', before: 1_250_000, after: 1_500_000, beforeText: '12.500,00\u00a0€', afterText: '15.000,00\u00a0€' });

	// Submit v4 through the API; a resolution without body, date and reference is 422 with German messages.
	const submitted = await request.post(`/api/v1/plans/${planId}/versions`, { headers, data: { note: 'per API' } });
	expect(submitted.status()).toBe(201);
	const v4 = await submitted.json();
	expect(v4.number).toBe(4);
	const again = await request.post(`/api/v1/plans/${planId}/versions`, { headers, data: {} });
	expect(again.status()).toBe(409);
	const bad = await request.post(`/api/v1/plans/${planId}/versions/${v4.id}/resolve`, { headers, data: { date: '2999-01-01' } });
	expect(bad.status()).toBe(422);
	expect((await bad.json()).errors).toEqual({
		body: ['Bitte füllen Sie dieses Feld aus.'],
		date: ['Das Beschlussdatum darf nicht in der Zukunft liegen.'],
		referenceNumber: ['Bitte füllen Sie dieses Feld aus.']
	});
	const future = await request.post(`/api/v1/plans/${planId}/versions/${v4.id}/resolve`, { headers, data: { body: 'Rat', referenceNumber: 'DS 1', date: '2999-01-01' } });
	expect((await future.json()).errors).toEqual({ date: ['Das Beschlussdatum darf nicht in der Zukunft liegen.'] });
	// Frozen: a resolved version cannot be resolved again, withdrawn or changed.
	const frozen = await request.post(`/api/v1/plans/${planId}/versions/${versions[1].id}/withdraw`, { headers, data: {} });
	expect(frozen.status()).toBe(409);
	expect((await request.fetch(`/api/v1/plans/${planId}/versions/${v1.id}`, { method: 'PATCH', headers, data: { note: 'x' } })).status()).toBe(405);
	// A version of another plan and the other plan's compare: 404 / 422.
	expect((await request.get(`/api/v1/plans/${otherPlanId}/versions/${v1.id}`, { headers })).status()).toBe(404);
	expect((await request.get(`/api/v1/plans/${otherPlanId}/compare?from=${v1.id}&to=draft`, { headers })).status()).toBe(422);
	const withdrawn = await request.post(`/api/v1/plans/${planId}/versions/${v4.id}/withdraw`, { headers, data: { reason: 'Test' } });
	expect(withdrawn.status()).toBe(200);
	expect((await withdrawn.json()).state).toBe('withdrawn');
});
