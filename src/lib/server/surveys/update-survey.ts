import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findDistrict } from '../districts/districts.repository';
import { updateSurveyInput } from './survey-input';
import { findSurvey, type Survey } from './surveys.repository';
import { assertDraft, manageableSurvey } from './survey-guards';
import { canManageSurvey } from './policies';

export { updateSurveyInput };

/** Changes title, description, district or minimum fill time of a draft survey. */
export async function updateSurvey(opts: { ctx: CommandContext; surveyId: string; input: unknown }): Promise<Survey> {
	const { ctx, surveyId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const input = parseInput(updateSurveyInput, opts.input);
	return inTransaction(ctx, async (trx) => {
		const before = await manageableSurvey(trx, ctx.principal, surveyId);
		assertDraft(before);
		const districtId = input.districtId === undefined ? before.districtId : input.districtId;
		if (districtId !== before.districtId) {
			// Moving the survey needs the right for the target too.
			assert(canManageSurvey(ctx.principal, districtId));
			if (districtId && !(await findDistrict(trx, municipalityId, districtId))) throw new ValidationError({ districtId: ['error.unknownReference'] });
		}
		await trx
			.updateTable('survey')
			.set({
				title: input.title ?? before.title,
				description: input.description ?? before.description,
				district_id: districtId,
				min_fill_seconds: input.minFillSeconds ?? before.minFillSeconds,
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', surveyId)
			.execute();
		const after = (await findSurvey(trx, municipalityId, surveyId))!;
		const pick = (s: Survey) => ({ title: s.title, description: s.description, districtId: s.districtId, minFillSeconds: s.minFillSeconds });
		return { result: after, audit: { action: 'update', entity: 'survey', entityId: surveyId, before: pick(before), after: pick(after) } };
	});
}
