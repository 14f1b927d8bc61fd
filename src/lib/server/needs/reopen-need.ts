import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { assert } from '../core/policies';
import { parseListed, reopenNeedInput } from './need-input';
import { decidesSomeNeeds } from './policies';
import { loadForStateChange, replaceLinks, setState } from './state-change';

export { reopenNeedInput };

/** Opens a need again that was taken up or not pursued (its links are removed; the history keeps them). */
export async function reopenNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const { ctx, needId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(decidesSomeNeeds(ctx.principal));
	const input = parseListed(reopenNeedInput, opts.input, []);
	await inTransaction(ctx, async (trx) => {
		const { before } = await loadForStateChange(trx, ctx.principal, needId, 'open');
		await setState(trx, municipalityId, needId, 'open', input.publicReason);
		await replaceLinks(trx, municipalityId, needId, [], []);
		return { result: undefined, audit: { action: 'reopen', entity: 'need', entityId: needId, before, after: { state: 'open', publicReason: input.publicReason, goalIds: [], measureIds: [] } } };
	});
}
