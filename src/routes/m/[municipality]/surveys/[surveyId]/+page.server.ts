import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';
import { findMunicipalityById } from '$lib/server/municipalities/municipalities.repository';
import { countResponses, findSurveySecrets, listQuestions, listTranslations } from '$lib/server/surveys/surveys.repository';
import { canDeleteSurvey } from '$lib/server/surveys/policies';
import { publicUrl, surveyForPage } from '$lib/server/surveys/survey-page';
import { translationLanguages } from '$lib/server/surveys/save-translation';
import { updateSurvey } from '$lib/server/surveys/update-survey';
import { setSurveyStatus } from '$lib/server/surveys/set-survey-status';
import { createQuestion } from '$lib/server/surveys/create-question';
import { moveQuestion } from '$lib/server/surveys/move-question';
import { deleteQuestion } from '$lib/server/surveys/delete-question';
import { deleteSurvey } from '$lib/server/surveys/delete-survey';
import { missingTexts } from '$lib/domain/surveys/translation';
import { choiceKinds, questionKinds } from '$lib/domain/surveys/model';
import { placeMapView } from '$lib/server/surveys/place-map';

const notices = ['created', 'updated', 'statusChanged', 'questionSaved', 'questionDeleted'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const survey = await surveyForPage(ctx, params.surveyId);
	const [questions, translations, districts, municipality, responses, secrets] = await Promise.all([
		listQuestions(ctx.db.kysely, ctx.municipalityId, survey.id),
		listTranslations(ctx.db.kysely, ctx.municipalityId, survey.id),
		listDistrictOptions(ctx.db.kysely, ctx.municipalityId),
		findMunicipalityById(ctx.db.kysely, ctx.municipalityId),
		countResponses(ctx.db.kysely, ctx.municipalityId, survey.id),
		findSurveySecrets(ctx.db.kysely, ctx.municipalityId, survey.id)
	]);
	const position = new Map(questions.map((q, i) => [q.id, i + 1]));
	// Which map the place questions show (the survey's district, else the municipality's areas), or none.
	const placeMap = await placeMapView(ctx.db.kysely, { ...survey, municipalityId: ctx.municipalityId, municipalityName: municipality?.name ?? '' }, questions, survey.sourceLanguage);
	const languages = translationLanguages(municipality?.languages ?? [], survey.sourceLanguage).map((language) => {
		const tr = translations.find((x) => x.language === language);
		const missing = tr ? missingTexts(survey, questions, tr.texts).length : null;
		return { language, state: !tr ? 'none' : missing ? 'incomplete' : tr.published ? 'published' : 'complete', missing: missing ?? 0 };
	});
	return {
		survey,
		responses,
		districtName: survey.districtId ? (districts.find((d) => d.id === survey.districtId)?.name ?? null) : null,
		districts,
		placeMap: questions.some((q) => q.kind === 'place') ? { area: placeMap?.area ?? null } : null,
		questions: questions.map((q, i) => ({
			...q,
			position: i + 1,
			conditionLabel: q.condition
				? { position: position.get(q.condition.questionId) ?? 0, option: questions.find((x) => x.id === q.condition!.questionId)?.options.find((o) => o.key === q.condition!.optionKey)?.label ?? '' }
				: null
		})),
		conditionChoices: questions.filter((q) => choiceKinds.includes(q.kind)).flatMap((q) => q.options.map((o) => ({ value: `${q.id}:${o.key}`, position: position.get(q.id)!, option: o.label }))),
		kinds: [...questionKinds],
		languages,
		links: { public: publicUrl(url.origin, survey.publicToken), kiosk: survey.canManage && secrets ? `${publicUrl(url.origin, survey.publicToken)}/kiosk?key=${encodeURIComponent(secrets.kioskKey)}` : null },
		canDelete: survey.canManage && (responses === 0 || canDeleteSurvey(ctx.principal)),
		notice: (notices as readonly string[]).includes(url.searchParams.get('notice') ?? '') ? url.searchParams.get('notice') : null
	};
};

const back = (params: { municipality: string; surveyId: string }, notice: string, hash = '') => redirect(303, `/m/${params.municipality}/surveys/${params.surveyId}?notice=${notice}${hash}`);

export const actions: Actions = {
	update: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await updateSurvey({ ctx, surveyId: params.surveyId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'settings' });
		}
		back(params, 'updated');
	},
	status: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await setSurveyStatus({ ctx, surveyId: params.surveyId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'status' });
		}
		back(params, 'statusChanged');
	},
	addQuestion: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await createQuestion({ ctx, surveyId: params.surveyId, input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'question' });
		}
		back(params, 'questionSaved', '#questions-h');
	},
	moveQuestion: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await moveQuestion({ ctx, surveyId: params.surveyId, questionId: String(values.questionId ?? ''), input: values });
		} catch (e) {
			return failFromError(e, { ...values, section: 'questions' });
		}
		back(params, 'questionSaved', '#questions-h');
	},
	deleteQuestion: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await deleteQuestion({ ctx, surveyId: params.surveyId, questionId: String(values.questionId ?? '') });
		} catch (e) {
			return failFromError(e, { ...values, section: 'questions' });
		}
		back(params, 'questionDeleted', '#questions-h');
	},
	delete: async ({ locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		try {
			await deleteSurvey({ ctx, surveyId: params.surveyId });
		} catch (e) {
			return failFromError(e, { section: 'delete' });
		}
		redirect(303, `/m/${params.municipality}/surveys?notice=deleted`);
	}
};
