import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Principal } from '../core/actor';
import { ForbiddenError, NotFoundError } from '../core/errors';
import { missingTexts } from '../../domain/surveys/translation';
import { findSurvey, listQuestions, listTranslations, offeredLanguages, type Survey } from './surveys.repository';
import { canViewResults } from './policies';
import type { SurveyResults } from './survey-results';
import type { DisclosedCell } from '../../domain/statistics/disclosure';

/** The survey of this municipality for an API call: 404 when absent or foreign (checked before the body is read), 403 when not readable. */
export async function apiSurvey(db: Kysely<Database>, p: Principal, surveyId: string): Promise<Survey> {
	const s = await findSurvey(db, p.municipalityId, surveyId);
	if (!s) throw new NotFoundError('survey');
	if (!canViewResults(p, s.districtId)) throw new ForbiddenError();
	return s;
}

/** A survey with its questions and the state of each translation (secrets such as the kiosk key are never returned). */
export async function surveyDocument(db: Kysely<Database>, municipalityId: string, survey: Survey) {
	const [questions, translations] = await Promise.all([listQuestions(db, municipalityId, survey.id), listTranslations(db, municipalityId, survey.id)]);
	return {
		...survey,
		questions,
		offeredLanguages: offeredLanguages(survey, questions, translations),
		translations: translations.map((t) => ({ language: t.language, published: t.published, missing: missingTexts(survey, questions, t.texts).length }))
	};
}

const figure = (c: DisclosedCell) => ({ value: c.value, suppressed: c.value === null });

/** Results after disclosure control: suppressed counts are null with suppressed: true. */
export function resultsDocument(r: SurveyResults) {
	return {
		surveyId: r.survey.id,
		responses: r.responses,
		minimumCount: 5,
		questions: r.questions.map((q) => ({
			questionId: q.question.id,
			kind: q.question.kind,
			text: q.question.text,
			answered: figure(q.answered),
			options: q.kind === 'options' ? q.options.map((o) => ({ key: o.key, label: o.label, count: figure(o.cell) })) : undefined,
			coordinates: q.kind === 'options' && q.coordinates ? figure(q.coordinates) : undefined,
			summary: q.kind === 'number' ? q.summary : undefined
		}))
	};
}
