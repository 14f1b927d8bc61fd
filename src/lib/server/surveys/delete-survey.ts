import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError } from '../core/errors';
import { assert } from '../core/policies';
import { countResponses, findSurvey } from './surveys.repository';
import { canDeleteSurvey, canManageSurvey } from './policies';

/**
 * Deletes a survey with its questions, translations and responses (retention: answers are deleted with it).
 * An open survey must be closed first. A survey with responses needs an unnarrowed admin or coordinator.
 */
export async function deleteSurvey(opts: { ctx: CommandContext; surveyId: string }): Promise<void> {
	const { ctx, surveyId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const before = await findSurvey(trx, municipalityId, surveyId);
		if (!before) throw new NotFoundError('survey');
		assert(canManageSurvey(ctx.principal, before.districtId));
		if (before.status === 'open') throw new ConflictError('error.survey.closeFirst');
		const responses = await countResponses(trx, municipalityId, surveyId);
		if (responses > 0) assert(canDeleteSurvey(ctx.principal));
		// Answers go first (they reference questions and responses), then the rest by cascade.
		await trx.deleteFrom('survey_answer').where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).execute();
		await trx.deleteFrom('survey_response').where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).execute();
		await trx.deleteFrom('survey_translation').where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).execute();
		await trx.deleteFrom('survey_question').where('municipality_id', '=', municipalityId).where('survey_id', '=', surveyId).execute();
		await trx.deleteFrom('survey').where('municipality_id', '=', municipalityId).where('id', '=', surveyId).execute();
		return { result: undefined, audit: { action: 'delete', entity: 'survey', entityId: surveyId, before: { title: before.title, status: before.status, responses } } };
	});
}
