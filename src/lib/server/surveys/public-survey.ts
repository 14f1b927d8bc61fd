import { error } from '@sveltejs/kit';
import type { Db } from '../db/connection';
import { localize } from '../../domain/surveys/translation';
import { isLocale, localeNames, textDir, htmlLang, type Locale } from '../../i18n/locales';
import { findSurveyByToken, listQuestions, listTranslations, offeredLanguages } from './surveys.repository';

/**
 * A survey as a respondent sees it: found by its public token (404 otherwise), in the requested language when
 * that language is offered (complete and published), else in the source language.
 */
export async function publicSurvey(db: Db, token: string, wanted: (string | null | undefined)[]) {
	const survey = await findSurveyByToken(db.kysely, token);
	if (!survey) error(404, 'Not Found');
	const [questions, translations] = await Promise.all([listQuestions(db.kysely, survey.municipalityId, survey.id), listTranslations(db.kysely, survey.municipalityId, survey.id)]);
	const offered = offeredLanguages(survey, questions, translations).filter(isLocale);
	const language = (wanted.find((l) => isLocale(l) && offered.includes(l)) as Locale | undefined) ?? (survey.sourceLanguage as Locale);
	const texts = language === survey.sourceLanguage ? null : (translations.find((t) => t.language === language)?.texts ?? null);
	const view = localize(survey, questions, texts);
	return {
		survey,
		questions,
		view,
		language,
		lang: htmlLang(language),
		dir: textDir(language),
		offered: offered.map((l) => ({ code: l, name: localeNames[l], lang: htmlLang(l) }))
	};
}

/** Public pages are not cached by proxies and not indexed by search engines. */
export const publicHeaders = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
