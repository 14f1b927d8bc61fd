import type { Kysely } from 'kysely';
import type { Database, SurveyQuestionTable, SurveyTable } from '../db/schema';
import type { AnswerValue, Question, QuestionCondition, QuestionKind, QuestionOption, SurveyStatus } from '../../domain/surveys/model';
import { missingTexts, type TranslationTexts } from '../../domain/surveys/translation';
import type { StoredAnswer } from '../../domain/surveys/results';
import type { BoundaryGeometry } from '../../domain/geojson';

export interface Survey {
	id: string;
	districtId: string | null;
	title: string;
	description: string;
	sourceLanguage: string;
	status: SurveyStatus;
	publicToken: string;
	minFillSeconds: number;
	openedAt: string | null;
	closedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface SurveySecrets {
	kioskKey: string;
	formSecret: string;
}

const surveyColumns = ['id', 'district_id', 'title', 'description', 'source_language', 'status', 'public_token', 'min_fill_seconds', 'opened_at', 'closed_at', 'created_at', 'updated_at'] as const;

type SurveyRow = Pick<SurveyTable, (typeof surveyColumns)[number]>;
const toSurvey = (r: SurveyRow): Survey => ({
	id: r.id,
	districtId: r.district_id,
	title: r.title,
	description: r.description,
	sourceLanguage: r.source_language,
	status: r.status,
	publicToken: r.public_token,
	minFillSeconds: Number(r.min_fill_seconds),
	openedAt: r.opened_at,
	closedAt: r.closed_at,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

const parseJson = <T>(s: string | null, fallback: T): T => {
	if (s === null) return fallback;
	try {
		return JSON.parse(s) as T;
	} catch {
		return fallback;
	}
};

export const toQuestion = (r: SurveyQuestionTable): Question => ({
	id: r.id,
	kind: r.kind as QuestionKind,
	text: r.text,
	help: r.help,
	required: r.required === 1,
	personalData: r.personal_data === 1,
	consentText: r.consent_text,
	options: parseJson<QuestionOption[]>(r.options, []),
	min: r.min_value === null ? null : Number(r.min_value),
	max: r.max_value === null ? null : Number(r.max_value),
	maxLength: r.max_length === null ? null : Number(r.max_length),
	condition: parseJson<QuestionCondition | null>(r.condition, null)
});

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

export async function listSurveys(db: Kysely<Database>, municipalityId: string): Promise<(Survey & { responses: number; questions: number })[]> {
	const rows = await db.selectFrom('survey').select(surveyColumns).where('municipality_id', '=', municipalityId).execute();
	const counts = await db
		.selectFrom('survey_response')
		.select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy('survey_id')
		.execute();
	const qcounts = await db
		.selectFrom('survey_question')
		.select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy('survey_id')
		.execute();
	const n = new Map(counts.map((c) => [c.survey_id, Number(c.n)]));
	const qn = new Map(qcounts.map((c) => [c.survey_id, Number(c.n)]));
	return rows
		.map((r) => ({ ...toSurvey(r), responses: n.get(r.id) ?? 0, questions: qn.get(r.id) ?? 0 }))
		.sort((a, b) => (a.status === b.status ? collator.compare(a.title, b.title) : statusRank[a.status] - statusRank[b.status]));
}
const statusRank: Record<SurveyStatus, number> = { open: 0, draft: 1, closed: 2 };

export async function findSurvey(db: Kysely<Database>, municipalityId: string, id: string): Promise<Survey | undefined> {
	const r = await db.selectFrom('survey').select(surveyColumns).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toSurvey(r);
}

export async function findSurveySecrets(db: Kysely<Database>, municipalityId: string, id: string): Promise<SurveySecrets | undefined> {
	const r = await db.selectFrom('survey').select(['kiosk_key', 'form_secret']).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && { kioskKey: r.kiosk_key, formSecret: r.form_secret };
}

/** The public side: a survey by its unguessable token, with its municipality (no login involved). */
export async function findSurveyByToken(db: Kysely<Database>, token: string): Promise<(Survey & SurveySecrets & { municipalityId: string; municipalityName: string; municipalityLanguages: string[] }) | undefined> {
	if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
	const r = await db
		.selectFrom('survey')
		.innerJoin('municipality', 'municipality.id', 'survey.municipality_id')
		.select([
			'survey.id',
			'survey.district_id',
			'survey.title',
			'survey.description',
			'survey.source_language',
			'survey.status',
			'survey.public_token',
			'survey.min_fill_seconds',
			'survey.opened_at',
			'survey.closed_at',
			'survey.created_at',
			'survey.updated_at',
			'survey.kiosk_key',
			'survey.form_secret',
			'survey.municipality_id',
			'municipality.name as municipality_name',
			'municipality.languages as municipality_languages'
		])
		.where('survey.public_token', '=', token)
		.executeTakeFirst();
	if (!r) return undefined;
	return {
		...toSurvey(r),
		kioskKey: r.kiosk_key,
		formSecret: r.form_secret,
		municipalityId: r.municipality_id,
		municipalityName: r.municipality_name,
		municipalityLanguages: parseJson<string[]>(r.municipality_languages, ['de'])
	};
}

export async function listQuestions(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<Question[]> {
	const rows = await db.selectFrom('survey_question').selectAll().where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).orderBy('sort_order').orderBy('created_at').execute();
	return rows.map(toQuestion);
}

export async function findQuestion(db: Kysely<Database>, municipalityId: string, surveyId: string, id: string): Promise<(Question & { sortOrder: number }) | undefined> {
	const r = await db.selectFrom('survey_question').selectAll().where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).where('id', '=', id).executeTakeFirst();
	return r && { ...toQuestion(r), sortOrder: Number(r.sort_order) };
}

export interface Translation {
	language: string;
	texts: TranslationTexts;
	published: boolean;
	updatedAt: string;
}

export async function listTranslations(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<Translation[]> {
	const rows = await db.selectFrom('survey_translation').selectAll().where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).execute();
	return rows.map((r) => ({ language: r.language, texts: parseJson<TranslationTexts>(r.texts, {}), published: r.published === 1, updatedAt: r.updated_at }));
}

/** Languages respondents are offered: the source language plus every published translation that is complete now. */
export function offeredLanguages(survey: Pick<Survey, 'title' | 'description' | 'sourceLanguage'>, questions: readonly Question[], translations: readonly Translation[]): string[] {
	const complete = translations.filter((t) => t.published && t.language !== survey.sourceLanguage && missingTexts(survey, questions, t.texts).length === 0).map((t) => t.language);
	return [survey.sourceLanguage, ...complete];
}

export async function countResponses(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<number> {
	const r = await db
		.selectFrom('survey_response')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('municipality_id', '=', municipalityId)
		.where('survey_id', '=', surveyId)
		.executeTakeFirst();
	return Number(r?.n ?? 0);
}

export async function responseExists(db: Kysely<Database>, id: string): Promise<{ surveyId: string } | undefined> {
	const r = await db.selectFrom('survey_response').select('survey_id').where('id', '=', id).executeTakeFirst();
	return r && { surveyId: r.survey_id };
}

export async function listAnswers(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<StoredAnswer[]> {
	const rows = await db
		.selectFrom('survey_answer')
		.select(['response_id', 'question_id', 'value'])
		.where('municipality_id', '=', municipalityId)
		.where('survey_id', '=', surveyId)
		.execute();
	return rows.map((r) => ({ responseId: r.response_id, questionId: r.question_id, value: parseJson<AnswerValue>(r.value, '') }));
}

export interface ResponseRow {
	id: string;
	language: string;
	channel: string;
	submittedAt: string;
}

export async function listResponses(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<ResponseRow[]> {
	const rows = await db
		.selectFrom('survey_response')
		.select(['id', 'language', 'channel', 'submitted_at'])
		.where('municipality_id', '=', municipalityId)
		.where('survey_id', '=', surveyId)
		.orderBy('submitted_at')
		.orderBy('id')
		.execute();
	return rows.map((r) => ({ id: r.id, language: r.language, channel: r.channel, submittedAt: r.submitted_at }));
}

/** Free-text answers of one question, newest first, for reading and for taking them over as needs. */
export async function listTextAnswers(db: Kysely<Database>, municipalityId: string, surveyId: string, questionId: string): Promise<{ responseId: string; text: string; submittedAt: string }[]> {
	const rows = await db
		.selectFrom('survey_answer')
		.innerJoin('survey_response', (j) => j.onRef('survey_response.id', '=', 'survey_answer.response_id').onRef('survey_response.municipality_id', '=', 'survey_answer.municipality_id'))
		.select(['survey_answer.response_id', 'survey_answer.value', 'survey_response.submitted_at'])
		.where('survey_answer.municipality_id', '=', municipalityId)
		.where('survey_answer.survey_id', '=', surveyId)
		.where('survey_answer.question_id', '=', questionId)
		.orderBy('survey_response.submitted_at', 'desc')
		.execute();
	return rows.map((r) => ({ responseId: r.response_id, text: String(parseJson<AnswerValue>(r.value, '')), submittedAt: r.submitted_at }));
}

/** One stored free-text answer with its response's language (for taking it over as a need). */
export async function findTextAnswer(db: Kysely<Database>, municipalityId: string, surveyId: string, questionId: string, responseId: string): Promise<{ text: string; language: string } | undefined> {
	const r = await db
		.selectFrom('survey_answer')
		.innerJoin('survey_response', (j) => j.onRef('survey_response.id', '=', 'survey_answer.response_id').onRef('survey_response.municipality_id', '=', 'survey_answer.municipality_id'))
		.innerJoin('survey_question', (j) => j.onRef('survey_question.id', '=', 'survey_answer.question_id').onRef('survey_question.municipality_id', '=', 'survey_answer.municipality_id'))
		.select(['survey_answer.value', 'survey_response.language'])
		.where('survey_answer.municipality_id', '=', municipalityId)
		.where('survey_answer.survey_id', '=', surveyId)
		.where('survey_answer.question_id', '=', questionId)
		.where('survey_answer.response_id', '=', responseId)
		.where('survey_question.kind', '=', 'text')
		.executeTakeFirst();
	if (!r) return undefined;
	const v = parseJson<AnswerValue>(r.value, '');
	return typeof v === 'string' ? { text: v, language: r.language } : undefined;
}

/** The key a need taken over from a survey answer carries, so taking it over twice creates one need. */
export const answerSubmissionKey = (responseId: string, questionId: string) => `survey:${responseId}:${questionId}`;

/** Needs already taken over from answers of one question, by response id. */
export async function needsFromAnswers(db: Kysely<Database>, municipalityId: string, questionId: string, responseIds: string[]): Promise<Map<string, string>> {
	if (responseIds.length === 0) return new Map();
	const keys = responseIds.map((r) => answerSubmissionKey(r, questionId));
	const out = new Map<string, string>();
	for (let i = 0; i < keys.length; i += 500) {
		const rows = await db.selectFrom('need').select(['id', 'submission_key']).where('municipality_id', '=', municipalityId).where('submission_key', 'in', keys.slice(i, i + 500)).execute();
		for (const r of rows) if (r.submission_key) out.set(r.submission_key.split(':')[1], r.id);
	}
	return out;
}

/**
 * The areas a place question's map shows: the survey's district when it has a boundary; otherwise the
 * municipality's top-level districts with a boundary; otherwise its planning areas with a boundary (capped, so a
 * city with hundreds of areas still gives a small picture). Empty when nothing has a boundary: no map then.
 */
export async function placeMapAreas(db: Kysely<Database>, municipalityId: string, districtId: string | null): Promise<{ name: string; boundary: BoundaryGeometry }[]> {
	const parse = (rows: { name: string; boundary: string | null }[]) =>
		rows.flatMap((r) => {
			const g = parseJson<BoundaryGeometry | null>(r.boundary, null);
			return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) ? [{ name: r.name, boundary: g }] : [];
		});
	if (districtId) {
		const own = parse(await db.selectFrom('district').select(['name', 'boundary']).where('municipality_id', '=', municipalityId).where('id', '=', districtId).where('boundary', 'is not', null).execute());
		if (own.length) return own;
	}
	const districts = parse(
		await db.selectFrom('district').select(['name', 'boundary']).where('municipality_id', '=', municipalityId).where('parent_id', 'is', null).where('boundary', 'is not', null).orderBy('name').limit(200).execute()
	);
	if (districts.length) return districts;
	return parse(
		await db
			.selectFrom('statistical_area')
			.select(['name', 'boundary'])
			.where('municipality_id', '=', municipalityId)
			.where('level', '=', 'planning-area')
			.where('boundary', 'is not', null)
			.orderBy('code')
			.limit(600)
			.execute()
	);
}
