import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { createMeasureInput, parseCreateMeasureInput } from './measure-input';
import { checkMeasureReferences, measureColumns, partnersOf, writeMeasureChildren } from './measure-writes';
import { canEditPlan, ownsSomePlan } from './policies';
import { requirePlan } from './references';

export { createMeasureInput };

/** Adds a measure to a plan: field of action, goals of the plan, lead and partners, schedule, cost, site, flags. */
export async function createMeasure(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string }> {
	const { ctx } = opts;
	assert(ownsSomePlan(ctx.principal));
	const input = parseCreateMeasureInput(opts.input);
	const municipalityId = ctx.principal.municipalityId;
	return inTransaction(ctx, async (trx) => {
		const plan = await requirePlan(trx, municipalityId, input.planId);
		assert(canEditPlan(ctx.principal, plan.district_id));
		await checkMeasureReferences(trx, municipalityId, plan.id, input);
		const id = newId();
		const now = nowIso();
		await trx
			.insertInto('measure')
			.values({ id, municipality_id: municipalityId, action_plan_id: plan.id, ...measureColumns(input), created_at: now, updated_at: now })
			.execute();
		await writeMeasureChildren(trx, municipalityId, id, input);
		return { result: { id }, audit: { action: 'create', entity: 'measure', entityId: id, after: { ...input, partnerActorIds: partnersOf(input) } } };
	});
}
