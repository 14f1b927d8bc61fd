import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText, trimmed } from '../core/validate';
import { canEditPlan, ownsSomePlan } from './policies';

/** The plan text: title, introduction (origin, function, scope) and the rules for reporting, evaluation, revision. */
export const actionPlanTextInput = z.object({
	title: requiredText(200),
	introduction: trimmed(20_000).default(''),
	reportingRules: trimmed(10_000).default(''),
	evaluationRules: trimmed(10_000).default(''),
	revisionRules: trimmed(10_000).default('')
});

export const createActionPlanInput = actionPlanTextInput.extend({ districtId: z.uuid() });

/** Creates the Local Action Plan of a district (one per district). */
export async function createActionPlan(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(createActionPlanInput, opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const district = await trx.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', '=', input.districtId).executeTakeFirst();
		if (!district) throw new ValidationError({ districtId: ['error.unknownReference'] });
		assert(canEditPlan(ctx.principal, input.districtId));
		const existing = await trx.selectFrom('action_plan').select('id').where('municipality_id', '=', municipalityId).where('district_id', '=', input.districtId).executeTakeFirst();
		if (existing) throw new ConflictError('error.planExists', 'districtId');
		const id = newId();
		const now = nowIso();
		const row = {
			id,
			municipality_id: municipalityId,
			district_id: input.districtId,
			title: input.title,
			introduction: input.introduction,
			reporting_rules: input.reportingRules,
			evaluation_rules: input.evaluationRules,
			revision_rules: input.revisionRules,
			created_at: now,
			updated_at: now
		};
		await trx.insertInto('action_plan').values(row).execute();
		return { result: { id }, audit: { action: 'create', entity: 'action_plan', entityId: id, after: input } };
	});
}
