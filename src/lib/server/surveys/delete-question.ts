import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { findQuestion, listQuestions } from './surveys.repository';
import { assertDraft, manageableSurvey } from './survey-guards';

/** Removes a question from a draft survey; refused while a later question's condition refers to it. */
export async function deleteQuestion(opts: { ctx: CommandContext; surveyId: string; questionId: string }): Promise<void> {
	const { ctx, surveyId, questionId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const survey = await manageableSurvey(trx, ctx.principal, surveyId);
		const before = await findQuestion(trx, municipalityId, surveyId, questionId);
		if (!before) throw new NotFoundError('survey_question');
		assertDraft(survey);
		const all = await listQuestions(trx, municipalityId, surveyId);
		if (all.some((q) => q.condition?.questionId === questionId)) throw new ConflictError('error.survey.conditionInUse');
		await trx.deleteFrom('survey_question').where('municipality_id', '=', municipalityId).where('id', '=', questionId).execute();
		await trx.updateTable('survey').set({ updated_at: nowIso() }).where('municipality_id', '=', municipalityId).where('id', '=', surveyId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'survey_question', entityId: questionId, before } };
	});
}
