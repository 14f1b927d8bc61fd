import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { flag, parseInput } from '../core/validate';
import { findMunicipalityById } from '../municipalities/municipalities.repository';
import { missingTexts, textsFromFields, type MissingText, type TranslationTexts } from '../../domain/surveys/translation';
import { listQuestions, listTranslations } from './surveys.repository';
import { manageableSurvey } from './survey-guards';
import { isLocale } from '../../i18n/locales';

/** Languages a survey can be translated into: the municipality's languages, and always Leichte Sprache. */
export function translationLanguages(municipalityLanguages: readonly string[], sourceLanguage: string): string[] {
	return [...new Set([...municipalityLanguages, 'de-x-ls'])].filter((l) => isLocale(l) && l !== sourceLanguage);
}

export const translationInput = z.object({ language: z.string().max(20), publish: flag }).loose();

export interface SavedTranslation {
	language: string;
	published: boolean;
	missing: MissingText[];
}

/**
 * Saves the texts of one language (always, so no typing is lost) and publishes it when asked AND complete.
 * An incomplete translation is kept unpublished and the result lists what is missing; the public page never
 * offers it. Translations may change while the survey is open: they touch no answer.
 */
export async function saveTranslation(opts: { ctx: CommandContext; surveyId: string; input: unknown }): Promise<SavedTranslation> {
	const { ctx, surveyId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const input = parseInput(translationInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const survey = await manageableSurvey(trx, ctx.principal, surveyId);
		const municipality = await findMunicipalityById(trx, municipalityId);
		if (!translationLanguages(municipality?.languages ?? [], survey.sourceLanguage).includes(input.language)) {
			throw new ValidationError({ language: ['error.invalidChoice'] });
		}
		const questions = await listQuestions(trx, municipalityId, surveyId);
		// The API may send the nested shape as `texts`; the form sends flat fields.
		const raw = input as Record<string, unknown>;
		const texts: TranslationTexts = raw.texts && typeof raw.texts === 'object' ? fromNested(questions, raw.texts as Record<string, unknown>) : textsFromFields(questions, raw);
		const missing = missingTexts(survey, questions, texts);
		const published = input.publish && missing.length === 0;
		const existed = (await listTranslations(trx, municipalityId, surveyId)).find((t) => t.language === input.language);
		const now = nowIso();
		if (existed) {
			await trx
				.updateTable('survey_translation')
				.set({ texts: JSON.stringify(texts), published: published ? 1 : 0, updated_at: now })
				.where('municipality_id', '=', municipalityId)
				.where('survey_id', '=', surveyId)
				.where('language', '=', input.language)
				.execute();
		} else {
			await trx
				.insertInto('survey_translation')
				.values({ municipality_id: municipalityId, survey_id: surveyId, language: input.language, texts: JSON.stringify(texts), published: published ? 1 : 0, updated_at: now })
				.execute();
		}
		return {
			result: { language: input.language, published, missing },
			audit: { action: existed ? 'update' : 'create', entity: 'survey_translation', entityId: surveyId, after: { language: input.language, published, missing: missing.length } }
		};
	});
}

/** Re-reads a nested translation through the flat reader, so both shapes get the same trimming and limits. */
function fromNested(questions: Parameters<typeof textsFromFields>[0], t: Record<string, unknown>): TranslationTexts {
	const flat: Record<string, unknown> = { title: t.title, description: t.description };
	const qs = (t.questions && typeof t.questions === 'object' ? t.questions : {}) as Record<string, Record<string, unknown>>;
	for (const q of questions) {
		const qt = qs[q.id] ?? {};
		flat[`t_${q.id}`] = qt.text;
		flat[`h_${q.id}`] = qt.help;
		flat[`c_${q.id}`] = qt.consentText;
		const opts = (qt.options && typeof qt.options === 'object' ? qt.options : {}) as Record<string, unknown>;
		for (const o of q.options) flat[`o_${q.id}_${o.key}`] = opts[o.key];
	}
	return textsFromFields(questions, flat);
}
