import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { countRows, createTenant } from '../testing/fixtures';
import { ValidationError } from '../core/errors';
import { createDistrict } from '../districts/create-district';
import { updateDistrict } from '../districts/update-district';
import { toLatLon, toPixel } from '../../domain/surveys/place-map';
import { createSurvey } from './create-survey';
import { createQuestion } from './create-question';
import { setSurveyStatus } from './set-survey-status';
import { submitResponse } from './submit-response';
import { applyMapClick } from './map-click';
import { loadPlaceMap, placeMapSvg, placeMapView } from './place-map';
import { surveyResults } from './survey-results';
import { questionViews, resultsTable } from './results-view';
import { rawAnswersTable } from './raw-export';
import { findSurveyByToken, listAnswers, placeMapAreas } from './surveys.repository';

const square = (w: number, s: number, e: number, n: number) => ({
	type: 'Polygon',
	coordinates: [
		[
			[w, s],
			[e, s],
			[e, n],
			[w, n],
			[w, s]
		]
	]
});

describe.each(dbKinds())('survey place map [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Kartenstadt');
		b = await createTenant(t.db, 'Andere Stadt');
	});
	afterAll(async () => t.cleanup());

	const count = async (table: 'survey_response' | 'survey_answer') => Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => ({ responses: await count('survey_response'), answers: await count('survey_answer'), audit: await countRows(t.db, 'audit_entry') });

	async function placeSurvey(districtId: string | null) {
		const s = await createSurvey({ ctx: a.ctx, input: { title: 'Wo fehlt etwas?', districtId: districtId ?? '' } });
		const q1 = await createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'single', text: 'Wohnen Sie hier?', options: 'Ja\nNein' } });
		const q2 = await createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'place', text: 'Wo fehlt ein Spielplatz?', options: 'Marktplatz\nBahnhof' } });
		await setSurveyStatus({ ctx: a.ctx, surveyId: s.id, input: { status: 'open' } });
		return { s, q1, q2, full: (await findSurveyByToken(t.db.kysely, s.publicToken))! };
	}

	it('shows the survey district; without a district the top-level districts; never another municipality’s', async () => {
		const nord = await createDistrict({ ctx: a.ctx, input: { name: 'Nordkiez', code: 'NK', boundary: square(13.42, 52.47, 13.46, 52.49) } });
		await createDistrict({ ctx: a.ctx, input: { name: 'Südkiez', code: 'SK', boundary: square(13.42, 52.45, 13.46, 52.47) } });
		await createDistrict({ ctx: a.ctx, input: { name: 'Ohne Grenze', code: 'OG' } });
		expect((await placeMapAreas(t.db.kysely, a.municipality.id, nord.id)).map((x) => x.name)).toEqual(['Nordkiez']);
		expect((await placeMapAreas(t.db.kysely, a.municipality.id, null)).map((x) => x.name).sort()).toEqual(['Nordkiez', 'Südkiez']);
		// Another municipality's district id gives that municipality nothing of ours.
		expect(await placeMapAreas(t.db.kysely, b.municipality.id, nord.id)).toEqual([]);
		expect(await loadPlaceMap(t.db.kysely, b.municipality.id, null)).toBeNull();

		const whole = (await loadPlaceMap(t.db.kysely, a.municipality.id, null))!;
		const own = (await loadPlaceMap(t.db.kysely, a.municipality.id, nord.id))!;
		expect(whole.frame.south).toBeLessThan(52.45);
		expect(own.frame.south).toBeGreaterThan(52.46);
		const svg = placeMapSvg(own, { title: 'Karte von <Nordkiez>', marker: toLatLon(own.frame, 100, 50) });
		expect(svg).toContain('<title id="place-map-title">Karte von &lt;Nordkiez&gt;</title>');
		expect(svg).toContain(`width="${own.frame.width}" height="${own.frame.height}"`);
		expect(svg).toMatch(/<circle cx="100" cy="50"/);
	});

	it('keeps a built map until the municipality changes something; a changed boundary is drawn on the next request', async () => {
		const west = await createDistrict({ ctx: a.ctx, input: { name: 'Westkiez', code: 'WK', boundary: square(13.3, 52.5, 13.32, 52.51) } });
		const first = (await loadPlaceMap(t.db.kysely, a.municipality.id, west.id))!;
		expect(first.areas.map((x) => x.name)).toEqual(['Westkiez']);
		expect(await loadPlaceMap(t.db.kysely, a.municipality.id, west.id)).toBe(first);
		await updateDistrict({ ctx: a.ctx, districtId: west.id, input: { name: 'Westkiez', code: 'WK', boundary: square(13.3, 52.5, 13.36, 52.52) } });
		const second = (await loadPlaceMap(t.db.kysely, a.municipality.id, west.id))!;
		expect(second).not.toBe(first);
		expect(second.frame.east).toBeGreaterThan(first.frame.east + 0.03);
		// another municipality's change leaves this map alone
		await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'FK', boundary: square(10, 50, 10.1, 50.1) } });
		expect(await loadPlaceMap(t.db.kysely, a.municipality.id, west.id)).toBe(second);
		// the whole-city map of the other municipality now has its district
		expect((await loadPlaceMap(t.db.kysely, b.municipality.id, null))?.areas.map((x) => x.name)).toEqual(['Fremdkiez']);
	});

	it('turns a map click into the coordinate fields, keeps every other answer, stores nothing', async () => {
		const nord = await t.db.kysely.selectFrom('district').select('id').where('code', '=', 'NK').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow();
		const { full, q1, q2 } = await placeSurvey(nord.id);
		const map = (await loadPlaceMap(t.db.kysely, a.municipality.id, nord.id))!;
		const view = (await placeMapView(t.db.kysely, full, [{ kind: 'place' }], 'de'))!;
		expect(view).toMatchObject({ src: `/s/${full.publicToken}/map?lang=de`, width: map.frame.width, height: map.frame.height, area: 'Nordkiez' });

		const before = await counts();
		const values = { _response: randomUUID(), [`q_${q1.id}`]: 'o2', [`q_${q2.id}`]: 'o1', [`m_${q2.id}.x`]: '120', [`m_${q2.id}.y`]: '90' };
		const set = await applyMapClick(t.db.kysely, full, values);
		expect(set?.kind).toBe('set');
		const expected = toLatLon(map.frame, 120, 90);
		expect(set!.values).toEqual({
			_response: values._response,
			[`q_${q1.id}`]: 'o2',
			[`q_${q2.id}`]: '',
			[`q_${q2.id}_lat`]: expected.lat.toFixed(6),
			[`q_${q2.id}_lon`]: expected.lon.toFixed(6)
		});
		expect(await counts()).toEqual(before);

		// Forged or impossible clicks: a field error, the other answers kept, nothing stored.
		for (const [x, y, key] of [
			['9999', '10', 'error.survey.mapPoint'],
			['-3', '10', 'error.survey.mapPoint'],
			['abc', '10', 'error.survey.mapPoint'],
			['0', '0', 'error.survey.mapKeyboard']
		]) {
			const bad = await applyMapClick(t.db.kysely, full, { [`q_${q1.id}`]: 'o2', [`m_${q2.id}.x`]: x, [`m_${q2.id}.y`]: y });
			expect(bad).toEqual({ kind: 'invalid', questionId: q2.id, values: { [`q_${q1.id}`]: 'o2' }, errors: { [`q_${q2.id}`]: [key] } });
		}
		expect(await applyMapClick(t.db.kysely, full, { 'm_nosuchquestion.x': '5', 'm_nosuchquestion.y': '5' })).toMatchObject({ kind: 'invalid', errors: { _form: ['error.survey.mapPoint'] } });
		expect(await applyMapClick(t.db.kysely, full, { [`q_${q1.id}`]: 'o2' })).toBeNull();
		expect(await counts()).toEqual(before);

		// Sending the form stores the clicked place once, with one audit entry.
		const responseId = randomUUID();
		await submitResponse({ db: t.db, survey: full, channel: 'web', input: { responseId, language: 'de', fields: set!.values } });
		const after = await counts();
		expect(after).toEqual({ responses: before.responses + 1, answers: before.answers + 2, audit: before.audit + 1 });
		const stored = (await listAnswers(t.db.kysely, a.municipality.id, full.id)).find((x) => x.questionId === q2.id);
		expect(stored?.value).toEqual(expected);
	});

	it('refuses a coordinate beyond the survey map on every channel and writes nothing', async () => {
		const nord = await t.db.kysely.selectFrom('district').select('id').where('code', '=', 'NK').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow();
		const { full, q2 } = await placeSurvey(nord.id);
		const before = await counts();
		for (const channel of ['web', 'kiosk', 'api'] as const) {
			const err = await submitResponse({ db: t.db, survey: full, channel, input: { responseId: randomUUID(), fields: { [`q_${q2.id}_lat`]: '48.137000', [`q_${q2.id}_lon`]: '11.575000' } } }).catch((e) => e);
			expect(err).toBeInstanceOf(ValidationError);
			expect((err as ValidationError).fieldErrors).toEqual({ [`q_${q2.id}`]: ['error.survey.placeOutsideMap'] });
		}
		// The Südkiez is on the municipality's map, but not on the map of a Nordkiez survey.
		const south = await submitResponse({ db: t.db, survey: full, channel: 'web', input: { responseId: randomUUID(), fields: { [`q_${q2.id}_lat`]: '52.451000', [`q_${q2.id}_lon`]: '13.440000' } } }).catch((e) => e);
		expect(south).toBeInstanceOf(ValidationError);
		expect(await counts()).toEqual(before);
	});

	it('shows map answers per grid cell with disclosure control and exports them as latitude and longitude', async () => {
		const { full, q2 } = await placeSurvey(null);
		const map = (await loadPlaceMap(t.db.kysely, a.municipality.id, null))!;
		const busy = toLatLon(map.frame, 40, 40);
		const lonely = toLatLon(map.frame, map.frame.width - 20, map.frame.height - 20);
		const send = (p: { lat: number; lon: number }) =>
			submitResponse({ db: t.db, survey: full, channel: 'api', input: { responseId: randomUUID(), fields: { [`q_${q2.id}_lat`]: p.lat.toFixed(6), [`q_${q2.id}_lon`]: p.lon.toFixed(6) } } });
		for (let i = 0; i < 6; i++) await send(busy);
		await send(lonely);
		await submitResponse({ db: t.db, survey: full, channel: 'api', input: { responseId: randomUUID(), fields: { [`q_${q2.id}`]: 'o1' } } });

		const r = await surveyResults(t.db.kysely, a.municipality.id, full.id);
		const view = questionViews(r, 'de').find((v) => v.id === q2.id)!;
		expect(view.map).not.toBeNull();
		const [bx, by] = toPixel(map.frame, busy);
		const cols = 6;
		const label = `${String.fromCharCode(65 + Math.floor((bx / map.frame.width) * cols))}${Math.floor((by / map.frame.height) * Math.round((cols * map.frame.height) / map.frame.width)) + 1}`;
		expect(view.map!.cells).toEqual([{ label, text: '6' }]);
		expect(view.map!.svg).toContain('role="img"');
		// The lonely point's cell (1) is neither in the table nor drawn with a figure.
		expect(view.map!.svg).not.toMatch(/>1<\/text>/);
		expect(resultsTable(r, 'de').rows.some((row) => 'text' in row[1] && row[1].text === `Rasterfeld ${label}`)).toBe(true);

		const raw = await rawAnswersTable(t.db.kysely, a.municipality.id, r.survey, 'de');
		const latCol = raw.columns.indexOf('2. Breitengrad');
		expect(latCol).toBeGreaterThan(0);
		expect(raw.columns[latCol + 1]).toBe('2. Längengrad');
		const points = raw.rows.filter((row) => 'value' in row[latCol]);
		expect(points).toHaveLength(7);
		expect(points.map((row) => (row[latCol] as { value: number }).value)).toContain(busy.lat);
		expect(raw.rows.filter((row) => (row[latCol - 1] as { text?: string }).text === 'Marktplatz')).toHaveLength(1);
	});
});
