import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError } from '../core/errors';
import { nowIso } from '../core/ids';
import { parseInput } from '../core/validate';
import { statusInput } from './survey-input';
import { countResponses, findSurvey, listQuestions, type Survey } from './surveys.repository';
import { manageableSurvey } from './survey-guards';
import type { SurveyStatus } from '../../domain/surveys/model';

export { statusInput };

/**
 * draft → open (needs at least one question), open → closed, closed → open (reopen), and back to draft only
 * while no response exists (questions may then change again).
 */
export async function setSurveyStatus(opts: { ctx: CommandContext; surveyId: string; input: unknown }): Promise<Survey> {
	const { ctx, surveyId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const { status } = parseInput(statusInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const before = await manageableSurvey(trx, ctx.principal, surveyId);
		const allowed: Record<SurveyStatus, SurveyStatus[]> = { draft: ['open'], open: ['closed', 'draft'], closed: ['open', 'draft'] };
		if (!allowed[before.status].includes(status)) throw new ConflictError('error.survey.statusTransition', 'status');
		if (status === 'open' && (await listQuestions(trx, municipalityId, surveyId)).length === 0) throw new ConflictError('error.survey.noQuestions', 'status');
		if (status === 'draft' && (await countResponses(trx, municipalityId, surveyId)) > 0) throw new ConflictError('error.survey.hasResponses', 'status');
		const now = nowIso();
		await trx
			.updateTable('survey')
			.set({
				status,
				opened_at: status === 'open' ? now : before.openedAt,
				closed_at: status === 'closed' ? now : status === 'open' ? null : before.closedAt,
				updated_at: now
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', surveyId)
			.execute();
		const after = (await findSurvey(trx, municipalityId, surveyId))!;
		return { result: after, audit: { action: 'update', entity: 'survey', entityId: surveyId, before: { status: before.status }, after: { status } } };
	});
}
