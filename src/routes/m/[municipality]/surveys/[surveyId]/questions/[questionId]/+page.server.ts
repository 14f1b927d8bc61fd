import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromError, formValues, tenantContext } from '$lib/server/forms';
import { listQuestions } from '$lib/server/surveys/surveys.repository';
import { surveyForPage } from '$lib/server/surveys/survey-page';
import { updateQuestion } from '$lib/server/surveys/update-question';
import { choiceKinds, questionKinds } from '$lib/domain/surveys/model';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const ctx = tenantContext(locals, url);
	const survey = await surveyForPage(ctx, params.surveyId);
	const questions = await listQuestions(ctx.db.kysely, ctx.municipalityId, survey.id);
	const index = questions.findIndex((q) => q.id === params.questionId);
	if (index < 0) error(404, 'Not Found');
	if (!survey.canManage) error(403, 'Forbidden');
	const q = questions[index];
	return {
		survey: { id: survey.id, title: survey.title, status: survey.status },
		position: index + 1,
		values: {
			kind: q.kind,
			text: q.text,
			help: q.help,
			options: q.kind === 'number' || q.kind === 'text' ? '' : q.options.map((o) => o.label).join('\n'),
			min: q.min === null ? '' : String(q.min),
			max: q.max === null ? '' : String(q.max),
			maxLength: q.maxLength === null ? '' : String(q.maxLength),
			required: q.required ? 'on' : '',
			personalData: q.personalData ? 'on' : '',
			consentText: q.consentText,
			condition: q.condition ? `${q.condition.questionId}:${q.condition.optionKey}` : ''
		},
		kinds: [...questionKinds],
		conditionChoices: questions
			.slice(0, index)
			.filter((x) => choiceKinds.includes(x.kind))
			.flatMap((x) => x.options.map((o) => ({ value: `${x.id}:${o.key}`, position: questions.indexOf(x) + 1, option: o.label })))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const ctx = tenantContext(locals, url);
		await surveyForPage(ctx, params.surveyId);
		const values = formValues(await request.formData());
		try {
			await updateQuestion({ ctx, surveyId: params.surveyId, questionId: params.questionId, input: values });
		} catch (e) {
			return failFromError(e, values);
		}
		redirect(303, `/m/${params.municipality}/surveys/${params.surveyId}?notice=questionSaved#questions-h`);
	}
};
