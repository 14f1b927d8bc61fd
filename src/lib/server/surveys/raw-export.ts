import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { translate, type Locale } from '../../i18n';
import { answerText } from '../../domain/surveys/model';
import type { ExportCell, ExportTable } from '../statistics/views/export';
import { listAnswers, listQuestions, listResponses, type Survey } from './surveys.repository';
import { neutralise } from './results-view';

/**
 * Every response as one row (anonymous: no address, no account; answers to personal-data questions included only
 * because their consent is on record). Only for roles that may read raw answers (policies.canReadRawAnswers).
 */
export async function rawAnswersTable(db: Kysely<Database>, municipalityId: string, survey: Survey, locale: Locale): Promise<ExportTable> {
	const [questions, responses, answers] = await Promise.all([listQuestions(db, municipalityId, survey.id), listResponses(db, municipalityId, survey.id), listAnswers(db, municipalityId, survey.id)]);
	const byResponse = new Map<string, Map<string, (typeof answers)[number]['value']>>();
	for (const a of answers) (byResponse.get(a.responseId) ?? byResponse.set(a.responseId, new Map()).get(a.responseId)!).set(a.questionId, a.value);
	const t = (k: string) => translate(locale, k);
	return {
		name: 'Antworten',
		title: survey.title,
		// A place question takes three columns: the named place, and latitude and longitude of a place on the map (numbers).
		columns: [
			t('survey.export.response'),
			t('survey.export.submitted'),
			t('survey.export.language'),
			t('survey.export.channel'),
			...questions.flatMap((q, i) => (q.kind === 'place' ? [`${i + 1}. ${q.text}`, `${i + 1}. ${t('survey.export.lat')}`, `${i + 1}. ${t('survey.export.lon')}`] : [`${i + 1}. ${q.text}`]))
		],
		rows: responses.map((r) => {
			const given = byResponse.get(r.id);
			return [
				{ text: r.id },
				{ text: r.submittedAt },
				{ text: r.language },
				{ text: r.channel },
				...questions.flatMap((q): ExportCell[] => {
					const v = given?.get(q.id);
					if (q.kind === 'place') {
						const point = typeof v === 'object' && v !== null && !Array.isArray(v) && 'lat' in v ? v : null;
						const named = typeof v === 'object' && v !== null && !Array.isArray(v) && 'place' in v ? neutralise(answerText(q, v)) : '';
						return point ? [{ text: named }, { value: point.lat, digits: 6 }, { value: point.lon, digits: 6 }] : [{ text: named }, { text: '' }, { text: '' }];
					}
					return [{ text: v === undefined ? '' : neutralise(answerText(q, v)) }];
				})
			];
		}),
		notes: [t('survey.results.rawHint')]
	};
}
