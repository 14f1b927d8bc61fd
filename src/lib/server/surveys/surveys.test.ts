import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDb, dbKinds, type TestDb } from '../testing/test-db';
import { asGrants, countRows, createTenant } from '../testing/fixtures';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { createDistrict } from '../districts/create-district';
import { createSurvey } from './create-survey';
import { updateSurvey } from './update-survey';
import { deleteSurvey } from './delete-survey';
import { setSurveyStatus } from './set-survey-status';
import { createQuestion } from './create-question';
import { updateQuestion } from './update-question';
import { deleteQuestion } from './delete-question';
import { moveQuestion } from './move-question';
import { saveTranslation } from './save-translation';
import { submitResponse } from './submit-response';
import { findSurvey, findSurveyByToken, listAnswers, listQuestions, listTextAnswers, listTranslations, offeredLanguages } from './surveys.repository';
import { surveyResults } from './survey-results';
import { adoptAnswerAsNeed } from './adopt-answer-as-need';
import { checkFillTime, checkSubmitRate, honeypotFilled, startToken } from './public-guard';
import { RateLimitError } from '../core/errors';

describe.each(dbKinds())('surveys [%s]', (kind) => {
	let t: TestDb;
	let a: Awaited<ReturnType<typeof createTenant>>;
	let b: Awaited<ReturnType<typeof createTenant>>;

	beforeAll(async () => {
		t = await createTestDb(kind);
		a = await createTenant(t.db, 'Umfragestadt');
		b = await createTenant(t.db, 'Andere Stadt');
		await t.db.kysely.updateTable('municipality').set({ languages: JSON.stringify(['de', 'en', 'tr', 'ar']) }).where('id', '=', a.municipality.id).execute();
	});
	afterAll(async () => t.cleanup());

	const count = async (table: 'survey' | 'survey_question' | 'survey_response' | 'survey_answer' | 'survey_translation') => {
		const r = await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		return Number(r.n);
	};
	const snapshot = async () => ({
		survey: await count('survey'),
		question: await count('survey_question'),
		response: await count('survey_response'),
		answer: await count('survey_answer'),
		translation: await count('survey_translation'),
		audit: await countRows(t.db, 'audit_entry')
	});

	async function openSurvey(ctx = a.ctx) {
		const s = await createSurvey({ ctx, input: { title: 'Leben im Kiez', description: 'Ihre Meinung zählt.' } });
		const q1 = await createQuestion({ ctx, surveyId: s.id, input: { kind: 'single', text: 'Wohnen Sie gern hier?', options: 'Ja\nNein', required: 'on' } });
		const q2 = await createQuestion({ ctx, surveyId: s.id, input: { kind: 'text', text: 'Warum nicht?', condition: `${q1.id}:o2`, maxLength: '200' } });
		const q3 = await createQuestion({ ctx, surveyId: s.id, input: { kind: 'likert', text: 'Ich fühle mich sicher.' } });
		const q4 = await createQuestion({ ctx, surveyId: s.id, input: { kind: 'number', text: 'Wie alt sind Sie?', min: '0', max: '120' } });
		const q5 = await createQuestion({ ctx, surveyId: s.id, input: { kind: 'text', text: 'E-Mail für Rückfragen', personalData: 'on', consentText: 'Ich willige ein, dass …' } });
		await setSurveyStatus({ ctx, surveyId: s.id, input: { status: 'open' } });
		const full = (await findSurveyByToken(t.db.kysely, s.publicToken))!;
		return { s, full, q1, q2, q3, q4, q5 };
	}

	it('builds a survey with questions and a condition, in order, with one audit entry per change', async () => {
		const before = await countRows(t.db, 'audit_entry');
		const { s, q1, q2, q3 } = await openSurvey();
		const qs = await listQuestions(t.db.kysely, a.municipality.id, s.id);
		expect(qs.map((q) => q.kind)).toEqual(['single', 'text', 'likert', 'number', 'text']);
		expect(q2.condition).toEqual({ questionId: q1.id, optionKey: 'o2' });
		expect(q3.options).toHaveLength(5);
		expect((await findSurvey(t.db.kysely, a.municipality.id, s.id))?.status).toBe('open');
		expect(s.publicToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect((await countRows(t.db, 'audit_entry')) - before).toBe(7);
	});

	it('stores a response exactly once, however often it is sent, and evaluates conditions on the server', async () => {
		const { full, q1, q2, q3, q4 } = await openSurvey();
		const id = randomUUID();
		const fields = { [`q_${q1.id}`]: 'o1', [`q_${q2.id}`]: 'wird ignoriert', [`q_${q3.id}`]: 'o4', [`q_${q4.id}`]: '42' };
		const first = await submitResponse({ db: t.db, survey: full, input: { responseId: id, language: 'de', fields }, channel: 'web' });
		expect(first).toEqual({ responseId: id, duplicate: false });
		const before = await snapshot();
		const again = await Promise.all([1, 2, 3].map(() => submitResponse({ db: t.db, survey: full, input: { responseId: id, language: 'de', fields }, channel: 'kiosk' })));
		expect(again.every((r) => r.duplicate)).toBe(true);
		expect(await snapshot()).toEqual(before);
		const answers = (await listAnswers(t.db.kysely, a.municipality.id, full.id)).filter((x) => x.responseId === id);
		// The conditional question was not shown (answer "Ja"), so its text was dropped.
		expect(answers.map((x) => x.questionId).sort()).toEqual([q1.id, q3.id, q4.id].sort());
		expect(answers.find((x) => x.questionId === q4.id)?.value).toBe(42);
	});

	it('stores concurrent distinct responses all, and concurrent duplicates once', async () => {
		const { full, q1 } = await openSurvey();
		const ids = Array.from({ length: 20 }, () => randomUUID());
		const sends = [...ids, ...ids].map((responseId) => submitResponse({ db: t.db, survey: full, input: { responseId, fields: { [`q_${q1.id}`]: 'o1' } }, channel: 'kiosk' }));
		const results = await Promise.all(sends);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(20);
		const rows = await t.db.kysely.selectFrom('survey_response').select('id').where('survey_id', '=', full.id).execute();
		expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
	});

	it('rejects bad answers with field errors and writes nothing; keeps scripts as plain text', async () => {
		const { full, q1, q2, q4, q5 } = await openSurvey();
		const before = await snapshot();
		const bad: [Record<string, unknown>, string, string][] = [
			[{}, `q_${q1.id}`, 'error.required'],
			[{ [`q_${q1.id}`]: 'o9' }, `q_${q1.id}`, 'error.invalidChoice'],
			[{ [`q_${q1.id}`]: 'o2', [`q_${q2.id}`]: 'x'.repeat(201) }, `q_${q2.id}`, 'error.tooLong'],
			[{ [`q_${q1.id}`]: 'o1', [`q_${q4.id}`]: '121' }, `q_${q4.id}`, 'error.tooBig'],
			[{ [`q_${q1.id}`]: 'o1', [`q_${q4.id}`]: 'viele' }, `q_${q4.id}`, 'error.number'],
			[{ [`q_${q1.id}`]: 'o1', [`q_${q5.id}`]: 'a@b.de' }, `c_${q5.id}`, 'error.survey.consentRequired']
		];
		for (const [fields, field, key] of bad) {
			const err = await submitResponse({ db: t.db, survey: full, input: { responseId: randomUUID(), fields }, channel: 'web' }).catch((e) => e);
			expect(err, key).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field]).toContain(key);
		}
		await expect(submitResponse({ db: t.db, survey: full, input: { responseId: 'nope', fields: {} }, channel: 'web' })).rejects.toBeInstanceOf(ValidationError);
		const huge = await submitResponse({ db: t.db, survey: full, input: { responseId: randomUUID(), fields: { [`q_${q1.id}`]: 'o2', [`q_${q2.id}`]: 'x'.repeat(20_000) } }, channel: 'web' }).catch((e) => e);
		expect(huge.fieldErrors[`q_${q2.id}`]).toContain('error.tooLong');
		expect(await snapshot()).toEqual(before);

		const script = '<script>alert(1)</script> Mehr Bänke';
		const id = randomUUID();
		await submitResponse({ db: t.db, survey: full, input: { responseId: id, fields: { [`q_${q1.id}`]: 'o2', [`q_${q2.id}`]: script, [`q_${q5.id}`]: 'a@b.de', [`c_${q5.id}`]: 'on' } }, channel: 'web' });
		const texts = await listTextAnswers(t.db.kysely, a.municipality.id, full.id, q2.id);
		expect(texts.map((x) => x.text)).toEqual([script]);
		const consent = await t.db.kysely.selectFrom('survey_answer').select('consent_given').where('response_id', '=', id).where('question_id', '=', q5.id).executeTakeFirstOrThrow();
		expect(consent.consent_given).toBe(1);
	});

	it('refuses answers to a closed survey and a response id of another survey', async () => {
		const one = await openSurvey();
		const two = await openSurvey();
		const id = randomUUID();
		await submitResponse({ db: t.db, survey: one.full, input: { responseId: id, fields: { [`q_${one.q1.id}`]: 'o1' } }, channel: 'web' });
		await expect(submitResponse({ db: t.db, survey: two.full, input: { responseId: id, fields: { [`q_${two.q1.id}`]: 'o1' } }, channel: 'web' })).rejects.toBeInstanceOf(ConflictError);
		await setSurveyStatus({ ctx: a.ctx, surveyId: two.s.id, input: { status: 'closed' } });
		const closed = (await findSurveyByToken(t.db.kysely, two.s.publicToken))!;
		const err = await submitResponse({ db: t.db, survey: closed, input: { responseId: randomUUID(), fields: { [`q_${two.q1.id}`]: 'o1' } }, channel: 'web' }).catch((e) => e);
		expect(err).toMatchObject({ messageKey: 'error.survey.notOpen' });
		// A re-send of an already stored response is still acknowledged after closing.
		await setSurveyStatus({ ctx: a.ctx, surveyId: one.s.id, input: { status: 'closed' } });
		const oneClosed = (await findSurveyByToken(t.db.kysely, one.s.publicToken))!;
		await expect(submitResponse({ db: t.db, survey: oneClosed, input: { responseId: id, fields: {} }, channel: 'kiosk' })).resolves.toMatchObject({ duplicate: true });
	});

	it('validates the builder: options, consent text, conditions pointing backwards, drafts only', async () => {
		const s = await createSurvey({ ctx: a.ctx, input: { title: 'Baukasten' } });
		const q1 = await createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'multiple', text: 'Was nutzen Sie?', options: 'Park\nBibliothek\nSportplatz' } });
		const before = await snapshot();
		const bad: [unknown, string, string][] = [
			[{ kind: 'single', text: 'Nur eine Option', options: 'Ja' }, 'options', 'error.survey.twoOptions'],
			[{ kind: 'text', text: 'Telefon', personalData: 'on' }, 'consentText', 'error.survey.consentTextRequired'],
			[{ kind: 'number', text: 'Zahl', min: '10', max: '1' }, 'max', 'error.survey.minAboveMax'],
			[{ kind: 'text', text: '' }, 'text', 'error.required'],
			[{ kind: 'matrix', text: 'X' }, 'kind', 'error.invalidChoice'],
			[{ kind: 'text', text: 'Bedingt', condition: `${q1.id}:o9` }, 'condition', 'error.survey.conditionTarget'],
			[{ kind: 'text', text: 'Bedingt', condition: `${randomUUID()}:o1` }, 'condition', 'error.survey.conditionTarget']
		];
		for (const [input, field, key] of bad) {
			const err = await createQuestion({ ctx: a.ctx, surveyId: s.id, input }).catch((e) => e);
			expect(err, key).toBeInstanceOf(ValidationError);
			expect(err.fieldErrors[field]).toContain(key);
		}
		expect(await snapshot()).toEqual(before);
		const q2 = await createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'text', text: 'Was fehlt im Park?', condition: `${q1.id}:o1` } });
		await expect(moveQuestion({ ctx: a.ctx, surveyId: s.id, questionId: q2.id, input: { direction: 'up' } })).rejects.toMatchObject({ messageKey: 'error.survey.conditionOrder' });
		await expect(deleteQuestion({ ctx: a.ctx, surveyId: s.id, questionId: q1.id })).rejects.toMatchObject({ messageKey: 'error.survey.conditionInUse' });
		await expect(updateQuestion({ ctx: a.ctx, surveyId: s.id, questionId: q1.id, input: { kind: 'text', text: 'Jetzt Freitext' } })).rejects.toMatchObject({ messageKey: 'error.survey.conditionInUse' });
		const q3 = await createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'place', text: 'Wo?', options: 'Marktplatz\nBahnhof' } });
		await moveQuestion({ ctx: a.ctx, surveyId: s.id, questionId: q3.id, input: { direction: 'up' } });
		expect((await listQuestions(t.db.kysely, a.municipality.id, s.id)).map((q) => q.id)).toEqual([q1.id, q3.id, q2.id]);
		await setSurveyStatus({ ctx: a.ctx, surveyId: s.id, input: { status: 'open' } });
		const frozen = await snapshot();
		await expect(createQuestion({ ctx: a.ctx, surveyId: s.id, input: { kind: 'text', text: 'Zu spät' } })).rejects.toMatchObject({ messageKey: 'error.survey.notDraft' });
		await expect(updateSurvey({ ctx: a.ctx, surveyId: s.id, input: { title: 'Neu' } })).rejects.toMatchObject({ messageKey: 'error.survey.notDraft' });
		await expect(deleteSurvey({ ctx: a.ctx, surveyId: s.id })).rejects.toMatchObject({ messageKey: 'error.survey.closeFirst' });
		const empty = await createSurvey({ ctx: a.ctx, input: { title: 'Leer' } });
		await expect(setSurveyStatus({ ctx: a.ctx, surveyId: empty.id, input: { status: 'open' } })).rejects.toMatchObject({ messageKey: 'error.survey.noQuestions' });
		expect((await snapshot()).question).toBe(frozen.question);
	});

	it('publishes a translation only when complete and offers only complete languages', async () => {
		const { s, full, q1, q3 } = await openSurvey();
		const partial = await saveTranslation({ ctx: a.ctx, surveyId: s.id, input: { language: 'ar', publish: 'on', title: 'الحياة في الحي', [`t_${q1.id}`]: 'هل تحب العيش هنا؟' } });
		expect(partial.published).toBe(false);
		expect(partial.missing.length).toBeGreaterThan(3);
		expect(partial.missing).toContainEqual({ part: 'option', questionId: q1.id, position: 1, optionKey: 'o1', optionLabel: 'Ja' });
		const qs = await listQuestions(t.db.kysely, a.municipality.id, s.id);
		expect(offeredLanguages(full, qs, await listTranslations(t.db.kysely, a.municipality.id, s.id))).toEqual(['de']);
		const fields: Record<string, string> = { language: 'ar', publish: 'on', title: 'الحياة في الحي', description: 'رأيك مهم' };
		for (const q of qs) {
			fields[`t_${q.id}`] = `ترجمة ${q.text}`;
			if (q.personalData) fields[`c_${q.id}`] = 'أوافق';
			for (const o of q.options) fields[`o_${q.id}_${o.key}`] = `خيار ${o.label}`;
		}
		const done = await saveTranslation({ ctx: a.ctx, surveyId: s.id, input: fields });
		expect(done).toMatchObject({ published: true, missing: [] });
		expect(offeredLanguages(full, qs, await listTranslations(t.db.kysely, a.municipality.id, s.id))).toEqual(['de', 'ar']);
		expect(q3.options).toHaveLength(5);
		await expect(saveTranslation({ ctx: a.ctx, surveyId: s.id, input: { language: 'fr', title: 'x' } })).rejects.toBeInstanceOf(ValidationError);
		// Leichte Sprache is always offered for translation, even when not among the municipality's languages.
		await expect(saveTranslation({ ctx: a.ctx, surveyId: s.id, input: { language: 'de-x-ls', title: 'Leben im Kiez' } })).resolves.toMatchObject({ published: false });
	});

	it('computes results with disclosure control: counts under 5 suppressed, with a complementary cell', async () => {
		const { s, full, q1, q3 } = await openSurvey();
		const send = (yes: string, likert: string) => submitResponse({ db: t.db, survey: full, input: { responseId: randomUUID(), fields: { [`q_${q1.id}`]: yes, [`q_${q3.id}`]: likert } }, channel: 'web' });
		for (let i = 0; i < 12; i++) await send('o1', 'o5');
		for (let i = 0; i < 2; i++) await send('o2', 'o1');
		const r = await surveyResults(t.db.kysely, a.municipality.id, s.id);
		const yesNo = r.questions.find((x) => x.question.id === q1.id)!;
		if (yesNo.kind !== 'options') throw new Error('expected options');
		expect(yesNo.options.map((o) => o.cell.value)).toEqual([null, null]); // 2 suppressed, 12 complementary
		expect(yesNo.answered.value).toBe(14);
		const tab = r.crossTab(q1.id, q3.id)!;
		expect(tab.table.cells[1][0].value).toBeNull();
		expect(tab.table.rowTotals![1].value).toBeNull();
		expect(tab.table.cells.flat().every((c) => c.value === null || c.value === 0 || c.value >= 5)).toBe(true);
	});

	it("treats another municipality's surveys as not found and checks permissions", async () => {
		const foreign = await createSurvey({ ctx: b.ctx, input: { title: 'Fremd' } });
		const own = await createSurvey({ ctx: a.ctx, input: { title: 'Eigen' } });
		const foreignDistrict = await createDistrict({ ctx: b.ctx, input: { name: 'Fremdkiez', code: 'FK' } });
		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Nordkiez', code: 'NK' } });
		const before = await snapshot();
		await expect(updateSurvey({ ctx: a.ctx, surveyId: foreign.id, input: { title: 'X' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(createQuestion({ ctx: a.ctx, surveyId: foreign.id, input: { kind: 'text', text: 'X' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(setSurveyStatus({ ctx: a.ctx, surveyId: foreign.id, input: { status: 'open' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteSurvey({ ctx: a.ctx, surveyId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
		await expect(saveTranslation({ ctx: a.ctx, surveyId: foreign.id, input: { language: 'en' } })).rejects.toBeInstanceOf(NotFoundError);
		await expect(createSurvey({ ctx: a.ctx, input: { title: 'X', districtId: foreignDistrict.id } })).rejects.toBeInstanceOf(ValidationError);
		const board = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		const narrowed = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'planner', actorId: null, districtIds: [district.id] }]);
		await expect(createSurvey({ ctx: board, input: { title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createSurvey({ ctx: narrowed, input: { title: 'Stadtweit' } })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateSurvey({ ctx: narrowed, surveyId: own.id, input: { title: 'X' } })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await snapshot()).toEqual(before);
		await expect(createSurvey({ ctx: narrowed, input: { title: 'Nordkiez fragt', districtId: district.id } })).resolves.toMatchObject({ districtId: district.id });
		await deleteSurvey({ ctx: a.ctx, surveyId: own.id });
		expect(await findSurvey(t.db.kysely, a.municipality.id, own.id)).toBeUndefined();
	});
	it('takes a free-text answer over as a need once, with channel survey, for those who may read raw answers', async () => {
		const { s, full, q1, q2 } = await openSurvey();
		const responseId = randomUUID();
		// Arabic is not offered (no translation), so the response is recorded in the source language.
		await submitResponse({ db: t.db, survey: full, input: { responseId, language: 'ar', fields: { [`q_${q1.id}`]: 'o2', [`q_${q2.id}`]: 'Ein Treffpunkt für Jugendliche <b>fehlt</b>' } }, channel: 'web' });
		const district = await createDistrict({ ctx: a.ctx, input: { name: 'Bedarfskiez', code: 'BK' } });
		const field = await t.db.kysely.selectFrom('action_field').select('id').where('municipality_id', '=', a.municipality.id).executeTakeFirstOrThrow();
		const input = { responseId, districtId: district.id, actionFieldId: field.id, title: 'Jugendtreff' };
		const board = asGrants({ db: t.db, municipalityId: a.municipality.id }, [{ role: 'board', actorId: null, districtIds: null }]);
		const needCount = async () => Number((await t.db.kysely.selectFrom('need').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		const before = await needCount();
		await expect(adoptAnswerAsNeed({ ctx: board, surveyId: s.id, questionId: q2.id, input })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(adoptAnswerAsNeed({ ctx: b.ctx, surveyId: s.id, questionId: q2.id, input })).rejects.toBeInstanceOf(NotFoundError);
		await expect(adoptAnswerAsNeed({ ctx: a.ctx, surveyId: s.id, questionId: q1.id, input })).rejects.toBeInstanceOf(NotFoundError);
		await expect(adoptAnswerAsNeed({ ctx: a.ctx, surveyId: s.id, questionId: q2.id, input: { ...input, title: '' } })).rejects.toBeInstanceOf(ValidationError);
		expect(await needCount()).toBe(before);
		const first = await adoptAnswerAsNeed({ ctx: a.ctx, surveyId: s.id, questionId: q2.id, input });
		const again = await adoptAnswerAsNeed({ ctx: a.ctx, surveyId: s.id, questionId: q2.id, input });
		expect(first.replayed).toBe(false);
		expect(again).toEqual({ id: first.id, replayed: true });
		expect(await needCount()).toBe(before + 1);
		const need = await t.db.kysely.selectFrom('need').select(['channel', 'statement', 'language', 'raised_by']).where('id', '=', first.id).executeTakeFirstOrThrow();
		expect(need).toEqual({ channel: 'survey', statement: 'Ein Treffpunkt für Jugendliche <b>fehlt</b>', language: 'de', raised_by: 'anonymous' });
	});
	it('guards the public form: signed start time, honeypot, rate limit per address and survey', async () => {
		const secret = 'geheim';
		const t0 = Date.now();
		const token = startToken(secret, t0);
		expect(checkFillTime(secret, token, 3, t0 + 1000)).toBe('too-fast');
		expect(checkFillTime(secret, token, 3, t0 + 4000)).toBe('ok');
		expect(checkFillTime('anderes', token, 3, t0 + 4000)).toBe('invalid');
		expect(checkFillTime(secret, `${t0 - 10_000}.${token.split('.')[1]}`, 3, t0)).toBe('invalid');
		expect(checkFillTime(secret, undefined, 3)).toBe('invalid');
		expect(honeypotFilled({ website: 'http://spam.example' })).toBe(true);
		expect(honeypotFilled({ website: '' })).toBe(false);
		const now = new Date();
		for (let i = 0; i < 30; i++) await checkSubmitRate(t.db.kysely, 'survey-x', '203.0.113.7', now);
		const err = await checkSubmitRate(t.db.kysely, 'survey-x', '203.0.113.7', now).catch((e) => e);
		expect(err).toBeInstanceOf(RateLimitError);
		expect(err.retryAfterSeconds).toBeGreaterThan(0);
		// Another address, another survey: unaffected. Login attempts are not pruned by the survey window.
		await expect(checkSubmitRate(t.db.kysely, 'survey-x', '203.0.113.8', now)).resolves.toBeUndefined();
		await expect(checkSubmitRate(t.db.kysely, 'survey-y', '203.0.113.7', now)).resolves.toBeUndefined();
	});
});
