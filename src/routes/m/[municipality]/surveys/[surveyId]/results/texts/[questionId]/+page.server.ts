import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { listQuestions, listTextAnswers, needsFromAnswers } from '$lib/server/surveys/surveys.repository';
import { surveyForPage } from '$lib/server/surveys/survey-page';
import { canReadRawAnswers } from '$lib/server/surveys/policies';
import { adoptAnswerAsNeed } from '$lib/server/surveys/adopt-answer-as-need';
import { listActionFields } from '$lib/server/plans/action-fields.repository';
import { listDistrictOptions } from '$lib/server/districts/districts.repository';

async function textQuestion(ctx: ReturnType<typeof tenantContext>, surveyId: string, questionId: string) {
	const survey = await surveyForPage(ctx, surveyId);
	const questions = await listQuestions(ctx.db.kysely, ctx.municipalityId, survey.id);
	const question = questions.find((q) => q.id === questionId && q.kind === 'text');
	if (!question) error(404, 'Not Found');
	if (!canReadRawAnswers(ctx.principal, survey.districtId)) error(403, 'Forbidden');
	return { survey, question };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const { survey, question } = await textQuestion(ctx, params.surveyId, params.questionId);
	const [answers, fields, districts] = await Promise.all([
		listTextAnswers(ctx.db.kysely, ctx.municipalityId, survey.id, question.id),
		listActionFields(ctx.db.kysely, ctx.municipalityId),
		listDistrictOptions(ctx.db.kysely, ctx.municipalityId)
	]);
	const needs = await needsFromAnswers(ctx.db.kysely, ctx.municipalityId, question.id, answers.map((a) => a.responseId));
	return {
		survey: { id: survey.id, title: survey.title, districtId: survey.districtId },
		question: { id: question.id, text: question.text },
		answers: answers.map((a) => ({ ...a, needId: needs.get(a.responseId) ?? null })),
		fields: fields.filter((f) => f.active).map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth }))
	};
};

export const actions: Actions = {
	adopt: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await textQuestion(ctx, params.surveyId, params.questionId);
		const values = formValues(await request.formData());
		try {
			const need = await adoptAnswerAsNeed({ ctx, surveyId: params.surveyId, questionId: params.questionId, input: values });
			return { adopted: String(values.responseId), needId: need.id };
		} catch (e) {
			return failFromError(e, values);
		}
	}
};
