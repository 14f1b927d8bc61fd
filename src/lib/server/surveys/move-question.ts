import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import { listQuestions } from './surveys.repository';
import { assertDraft, manageableSurvey } from './survey-guards';
import { conditionsPointBackwards } from './question-rules';

export const moveQuestionInput = z.object({ direction: z.enum(['up', 'down']) });

/** Moves a question one place up or down; refused when a condition would then point forwards. */
export async function moveQuestion(opts: { ctx: CommandContext; surveyId: string; questionId: string; input: unknown }): Promise<void> {
	const { ctx, surveyId, questionId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const { direction } = parseInput(moveQuestionInput, opts.input);
	await inTransaction(ctx, async (trx) => {
		const survey = await manageableSurvey(trx, ctx.principal, surveyId);
		const all = await listQuestions(trx, municipalityId, surveyId);
		const i = all.findIndex((q) => q.id === questionId);
		if (i < 0) throw new NotFoundError('survey_question');
		assertDraft(survey);
		const j = direction === 'up' ? i - 1 : i + 1;
		if (j >= 0 && j < all.length) {
			const order = [...all];
			[order[i], order[j]] = [order[j], order[i]];
			if (!conditionsPointBackwards(order)) throw new ConflictError('error.survey.conditionOrder');
			// Renumber all: positions stay dense and unique whatever happened before.
			for (const [k, q] of order.entries()) {
				await trx.updateTable('survey_question').set({ sort_order: k + 1 }).where('municipality_id', '=', municipalityId).where('id', '=', q.id).execute();
			}
			await trx.updateTable('survey').set({ updated_at: nowIso() }).where('municipality_id', '=', municipalityId).where('id', '=', surveyId).execute();
		}
		return { result: undefined, audit: { action: 'update', entity: 'survey_question', entityId: questionId, after: { moved: direction, from: i + 1, to: Math.min(Math.max(j, 0), all.length - 1) + 1 } } };
	});
}
