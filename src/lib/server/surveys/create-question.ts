import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import { MAX_QUESTIONS, type Question } from '../../domain/surveys/model';
import { questionInput } from './survey-input';
import { findQuestion, listQuestions } from './surveys.repository';
import { assertDraft, manageableSurvey } from './survey-guards';
import { questionValues } from './question-rules';

export { questionInput };

/** Appends a question to a draft survey. */
export async function createQuestion(opts: { ctx: CommandContext; surveyId: string; input: unknown }): Promise<Question> {
	const { ctx, surveyId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const input = parseInput(questionInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const survey = await manageableSurvey(trx, ctx.principal, surveyId);
		assertDraft(survey);
		const existing = await listQuestions(trx, municipalityId, surveyId);
		if (existing.length >= MAX_QUESTIONS) throw new ConflictError('error.survey.tooManyQuestions');
		const { parsedOptions: _, ...values } = questionValues(input, existing);
		const id = newId();
		const now = nowIso();
		const last = await trx
			.selectFrom('survey_question')
			.select((eb) => eb.fn.max('sort_order').as('m'))
			.where('municipality_id', '=', municipalityId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		await trx
			.insertInto('survey_question')
			.values({ id, municipality_id: municipalityId, survey_id: surveyId, sort_order: Number(last?.m ?? 0) + 1, ...values, created_at: now, updated_at: now })
			.execute();
		await trx.updateTable('survey').set({ updated_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', surveyId).execute();
		const q = (await findQuestion(trx, municipalityId, surveyId, id))!;
		const { sortOrder: __, ...question } = q;
		return { result: question, audit: { action: 'create', entity: 'survey_question', entityId: id, after: question } };
	});
}
