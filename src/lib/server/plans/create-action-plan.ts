import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput, requiredText, trimmed } from '../core/validate';
import { canEditPlan, ownsSomePlan } from './policies';

/** The plan text: title, the introduction's three parts (origin, function, scope) and the rules for reporting, evaluation, revision. */
export const actionPlanTextInput = z.object({
	title: requiredText(200),
	introOrigin: trimmed(10_000).default(''),
	introFunction: trimmed(10_000).default(''),
	introScope: trimmed(10_000).default(''),
	reportingRules: trimmed(10_000).default(''),
	evaluationRules: trimmed(10_000).default(''),
	revisionRules: trimmed(10_000).default('')
});

export const createActionPlanInput = actionPlanTextInput.extend({ districtId: z.uuid() });

/**
 * Before 0015 the introduction was one text, `introduction`: clients still sending it (without `introOrigin`)
 * have it taken as the origin.
 */
export function withLegacyIntroduction(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
	const { introduction, ...rest } = raw as Record<string, unknown>;
	return introduction !== undefined && rest.introOrigin === undefined ? { ...rest, introOrigin: introduction } : rest;
}

/** Creates the Local Action Plan of a district (one per district). */
export async function createActionPlan(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseInput(createActionPlanInput, withLegacyIntroduction(opts.input));
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
			intro_origin: input.introOrigin,
			intro_function: input.introFunction,
			intro_scope: input.introScope,
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
