import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ValidationError } from '../core/errors';
import { newId, newToken, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { findDistrict } from '../districts/districts.repository';
import { createSurveyInput } from './survey-input';
import { findSurvey, type Survey } from './surveys.repository';
import { canManageSurvey } from './policies';

export { createSurveyInput };

/**
 * Creates a draft survey of the municipality (optionally of one district), with its unguessable public
 * token (the link and QR code), a separate kiosk key for event tablets, and a secret for signing form starts.
 */
export async function createSurvey(opts: { ctx: CommandContext; input: unknown }): Promise<Survey> {
	const { ctx } = opts;
	const municipalityId = ctx.principal.municipalityId;
	const input = parseInput(createSurveyInput, opts.input);
	assert(canManageSurvey(ctx.principal, input.districtId));
	return inTransaction(ctx, async (trx) => {
		if (input.districtId && !(await findDistrict(trx, municipalityId, input.districtId))) throw new ValidationError({ districtId: ['error.unknownReference'] });
		const now = nowIso();
		const id = newId();
		await trx
			.insertInto('survey')
			.values({
				id,
				municipality_id: municipalityId,
				district_id: input.districtId,
				title: input.title,
				description: input.description,
				source_language: 'de',
				status: 'draft',
				public_token: newToken().slice(0, 24),
				kiosk_key: newToken(),
				form_secret: newToken(),
				min_fill_seconds: input.minFillSeconds,
				opened_at: null,
				closed_at: null,
				created_at: now,
				updated_at: now
			})
			.execute();
		const survey = (await findSurvey(trx, municipalityId, id))!;
		return { result: survey, audit: { action: 'create', entity: 'survey', entityId: id, after: { title: survey.title, districtId: survey.districtId } } };
	});
}
