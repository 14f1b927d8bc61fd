import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { NotFoundError } from '../core/errors';
import { crossTab, crossTabbable, questionResults, type CrossTab, type QuestionResult } from '../../domain/surveys/results';
import type { Question } from '../../domain/surveys/model';
import { loadPlaceMap, type PlaceMap } from './place-map';
import { countResponses, findSurvey, listAnswers, listQuestions, type Survey } from './surveys.repository';

export interface SurveyResults {
	survey: Survey;
	/** the map of the place questions (null without place questions or boundaries) */
	placeMap: PlaceMap | null;
	questions: QuestionResult[];
	responses: number;
	/** questions that can be cross-tabulated */
	tabbable: Question[];
	crossTab(rowQuestionId: string, columnQuestionId: string): CrossTab | null;
}

/** Aggregated, disclosure-controlled results of a survey of this municipality. */
export async function surveyResults(db: Kysely<Database>, municipalityId: string, surveyId: string): Promise<SurveyResults> {
	const survey = await findSurvey(db, municipalityId, surveyId);
	if (!survey) throw new NotFoundError('survey');
	const [questions, answers, responses] = await Promise.all([listQuestions(db, municipalityId, surveyId), listAnswers(db, municipalityId, surveyId), countResponses(db, municipalityId, surveyId)]);
	const tabbable = questions.filter(crossTabbable);
	const placeMap = questions.some((q) => q.kind === 'place') ? await loadPlaceMap(db, municipalityId, survey.districtId) : null;
	return {
		survey,
		placeMap,
		questions: questionResults(questions, answers, undefined, placeMap?.frame ?? null),
		responses,
		tabbable,
		crossTab(rowId, colId) {
			const r = tabbable.find((q) => q.id === rowId);
			const c = tabbable.find((q) => q.id === colId);
			return r && c && r.id !== c.id ? crossTab(r, c, answers) : null;
		}
	};
}
