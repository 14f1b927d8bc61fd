import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { createNeed } from '../needs/create-need';
import { statementLanguages } from '../../domain/needs';
import { answerSubmissionKey, findSurvey, findTextAnswer } from './surveys.repository';
import { canReadRawAnswers } from './policies';

export const adoptAnswerInput = z
	.object({
		responseId: z.uuid({ message: 'error.unknownReference' }),
		districtId: z.unknown(),
		actionFieldId: z.unknown(),
		title: z.unknown()
	})
	.loose();

/**
 * Takes a free-text answer over as a need of a district (channel "survey"): the answer becomes the statement,
 * anonymous as it came. The needs area's createNeed does the write (its transaction and audit entry); the key
 * survey:<response>:<question> makes it idempotent, so one answer never becomes two needs.
 */
export async function adoptAnswerAsNeed(opts: { ctx: CommandContext; surveyId: string; questionId: string; input: unknown }): Promise<{ id: string; replayed: boolean }> {
	const { ctx, surveyId, questionId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const survey = await findSurvey(ctx.db.kysely, municipalityId, surveyId);
	if (!survey) throw new NotFoundError('survey');
	assert(canReadRawAnswers(ctx.principal, survey.districtId));
	const input = parseInput(adoptAnswerInput, opts.input);
	const answer = await findTextAnswer(ctx.db.kysely, municipalityId, surveyId, questionId, input.responseId);
	if (!answer) throw new NotFoundError('survey_answer');
	const language = answer.language === 'de-x-ls' ? 'de' : answer.language;
	return createNeed({
		ctx,
		input: {
			districtId: input.districtId,
			actionFieldId: input.actionFieldId,
			title: input.title,
			statement: answer.text,
			channel: 'survey',
			language: (statementLanguages as readonly string[]).includes(language) ? language : 'de',
			raisedBy: 'anonymous',
			submissionKey: answerSubmissionKey(input.responseId, questionId)
		}
	});
}
