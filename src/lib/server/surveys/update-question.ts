import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import type { Question } from '../../domain/surveys/model';
import { questionInput } from './survey-input';
import { findQuestion, listQuestions } from './surveys.repository';
import { assertDraft, manageableSurvey } from './survey-guards';
import { assertDependentsKeepOptions, questionValues } from './question-rules';

/** Changes a question of a draft survey (all fields, as the form sends them). */
export async function updateQuestion(opts: { ctx: CommandContext; surveyId: string; questionId: string; input: unknown }): Promise<Question> {
	const { ctx, surveyId, questionId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const input = parseInput(questionInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const survey = await manageableSurvey(trx, ctx.principal, surveyId);
		const before = await findQuestion(trx, municipalityId, surveyId, questionId);
		if (!before) throw new NotFoundError('survey_question');
		assertDraft(survey);
		const all = await listQuestions(trx, municipalityId, surveyId);
		const index = all.findIndex((q) => q.id === questionId);
		const { parsedOptions, ...values } = questionValues(input, all.slice(0, index));
		assertDependentsKeepOptions(questionId, parsedOptions, input.kind, all);
		const now = nowIso();
		await trx.updateTable('survey_question').set({ ...values, updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', questionId).execute();
		await trx.updateTable('survey').set({ updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', surveyId).execute();
		const { sortOrder: _, ...after } = (await findQuestion(trx, municipalityId, surveyId, questionId))!;
		const { sortOrder: __, ...old } = before;
		return { result: after, audit: { action: 'update', entity: 'survey_question', entityId: questionId, before: old, after } };
	});
}
