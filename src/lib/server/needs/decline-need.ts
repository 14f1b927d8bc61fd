import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { assert } from '../core/policies';
import { declineNeedInput, parseListed } from './need-input';
import { decidesSomeNeeds } from './policies';
import { loadForStateChange, replaceLinks, setState } from './state-change';

export { declineNeedInput };

/** Records that a need is not pursued; the public reason is required (transparency makes this acceptable). */
export async function declineNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(declineNeedInput, opts.input, []);
	await inTransaction(ctx, async (trx) => {
		const { before } = await loadForStateChange(trx, ctx.principal, needId, 'not_pursued');
		await setState(trx, municipalityId, needId, 'not_pursued', input.publicReason);
		await replaceLinks(trx, municipalityId, needId, [], []);
		return {
			result: undefined,
			audit: { action: 'not-pursued', entity: 'need', entityId: needId, before, after: { state: 'not_pursued', publicReason: input.publicReason, goalIds: [], measureIds: [] } }
		};
	});
}
