import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { assert } from '../core/policies';
import { ReferenceErrors, unique } from '../plans/references';
import { parseListed, takeUpNeedInput } from './need-input';
import { decidesSomeNeeds } from './policies';
import { checkPlanLinks } from './references';
import { loadForStateChange, replaceLinks, setState } from './state-change';

export { takeUpNeedInput };

/**
 * Takes a need up in one or more goals and/or measures of its district's action plan (also to change the links
 * of a need already taken up, or to take up one that was not pursued). The public reason is optional: the
 * goals and measures say what became of it.
 */
export async function takeUpNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(takeUpNeedInput, opts.input, ['goalIds', 'measureIds']);
	const goalIds = unique(input.goalIds).sort();
	const measureIds = unique(input.measureIds).sort();
	await inTransaction(ctx, async (trx) => {
		const { need, before } = await loadForStateChange(trx, ctx.principal, needId, 'taken_up');
		const errs = new ReferenceErrors();
		if (goalIds.length + measureIds.length === 0) errs.add('goalIds', 'error.needLinkRequired');
		await checkPlanLinks(trx, municipalityId, need.district_id, goalIds, measureIds, errs);
		errs.throwIfAny();
		await setState(trx, municipalityId, needId, 'taken_up', input.publicReason);
		await replaceLinks(trx, municipalityId, needId, goalIds, measureIds);
		return {
			result: undefined,
			audit: { action: 'take-up', entity: 'need', entityId: needId, before, after: { state: 'taken_up', publicReason: input.publicReason, goalIds, measureIds } }
		};
	});
}
