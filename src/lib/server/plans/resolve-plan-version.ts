import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseResolution } from './plan-version-input';
import { lockPlan, notSubmittedKey, requireVersion } from './plan-version-writes';
import { canResolvePlan, resolvesSomePlan } from './policies';

/**
 * Records the council's resolution of a submitted version (body, date, reference number of the council paper,
 * optional link and notes). The version is then the plan in force; the previously resolved version becomes
 * superseded. Nothing of either version's content changes (the database refuses it).
 */
export async function resolvePlanVersion(opts: { ctx: CommandContext; planId: string; versionId: string; input: unknown; today?: string }): Promise<void> {
	const { ctx } = opts;
	assert(resolvesSomePlan(ctx.principal));
	const input = parseResolution(opts.input, opts.today);
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const plan = await lockPlan(trx, ctx.db.dialect, municipalityId, opts.planId);
		const version = await requireVersion(trx, municipalityId, plan.id, opts.versionId);
		assert(canResolvePlan(ctx.principal, plan.district_id));
		if (version.state !== 'submitted') throw new ConflictError(notSubmittedKey(version.state));
		const previous = await trx
			.selectFrom('plan_version')
			.select(['id', 'number', 'resolution_date'])
			.where('municipality_id', '=', municipalityId)
			.where('action_plan_id', '=', plan.id)
			.where('state', '=', 'resolved')
			.executeTakeFirst();
		if (previous?.resolution_date && previous.resolution_date > input.date) throw new ValidationError({ date: ['error.resolutionBeforePrevious'] });
		const now = nowIso();
		// Supersede first: at most one resolved version per plan (a partial unique index).
		if (previous) {
			await trx
				.updateTable('plan_version')
				.set({ state: 'superseded', superseded_at: now, superseded_by_id: version.id })
				.where('municipality_id', '=', municipalityId)
				.where('id', '=', previous.id)
				.execute();
		}
		await trx
			.updateTable('plan_version')
			.set({
				state: 'resolved',
				resolution_body: input.body,
				resolution_date: input.date,
				resolution_reference: input.referenceNumber,
				resolution_link: input.link,
				resolution_notes: input.notes,
				resolved_at: now,
				resolved_by: ctx.principal.via === 'system' ? null : ctx.principal.userId
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', version.id)
			.execute();
		return {
			result: undefined,
			audit: {
				action: 'resolve',
				entity: 'plan_version',
				entityId: version.id,
				before: { state: 'submitted' },
				after: { planId: plan.id, number: version.number, ...input, supersededVersionId: previous?.id ?? null }
			}
		};
	});
}
