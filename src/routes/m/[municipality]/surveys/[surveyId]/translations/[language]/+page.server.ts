import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { findMunicipalityById } from '$lib/server/municipalities/municipalities.repository';
import { listQuestions, listTranslations } from '$lib/server/surveys/surveys.repository';
import { surveyForPage } from '$lib/server/surveys/survey-page';
import { saveTranslation, translationLanguages } from '$lib/server/surveys/save-translation';
import { missingTexts } from '$lib/domain/surveys/translation';
import { htmlLang, isLocale, localeNames, textDir } from '$lib/i18n';

async function languageOr404(ctx: ReturnType<typeof tenantContext>, surveyId: string, language: string) {
	const survey = await surveyForPage(ctx, surveyId);
	const municipality = await findMunicipalityById(ctx.db.kysely, ctx.municipalityId);
	if (!isLocale(language) || !translationLanguages(municipality?.languages ?? [], survey.sourceLanguage).includes(language)) error(404, 'Not Found');
	if (!survey.canManage) error(403, 'Forbidden');
	return { survey, language };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const { survey, language } = await languageOr404(ctx, params.surveyId, params.language);
	const [questions, translations] = await Promise.all([listQuestions(ctx.db.kysely, ctx.municipalityId, survey.id), listTranslations(ctx.db.kysely, ctx.municipalityId, survey.id)]);
	const tr = translations.find((x) => x.language === language);
	const texts = tr?.texts ?? {};
	return {
		survey: { id: survey.id, title: survey.title, description: survey.description },
		language: { code: language, name: localeNames[language], lang: htmlLang(language), dir: textDir(language) },
		published: tr?.published ?? false,
		questions: questions.map((q, i) => ({ id: q.id, position: i + 1, text: q.text, help: q.help, personalData: q.personalData, consentText: q.consentText, options: q.options })),
		values: {
			title: texts.title ?? '',
			description: texts.description ?? '',
			...Object.fromEntries(
				questions.flatMap((q) => {
					const qt = texts.questions?.[q.id] ?? {};
					return [[`t_${q.id}`, qt.text ?? ''], [`h_${q.id}`, qt.help ?? ''], [`c_${q.id}`, qt.consentText ?? ''], ...q.options.map((o) => [`o_${q.id}_${o.key}`, qt.options?.[o.key] ?? ''])];
				})
			)
		} as Record<string, string>,
		missing: tr ? missingTexts(survey, questions, texts) : null,
		notice: url.searchParams.get('notice') === 'published' ? 'published' : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		const { language } = await languageOr404(ctx, params.surveyId, params.language);
		const values = formValues(await request.formData());
		let saved;
		try {
			saved = await saveTranslation({ ctx, surveyId: params.surveyId, input: { ...values, language } });
		} catch (e) {
			return failFromError(e, values);
		}
		if (saved.published) redirect(303, `/m/${params.municipality}/surveys/${params.surveyId}/translations/${language}?notice=published`);
		return { saved: true, missing: saved.missing, values };
	}
};
