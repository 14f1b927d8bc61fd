import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { NotFoundError, ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert, isMember } from '../core/policies';
import { parseInput, trimmed } from '../core/validate';
import { measureStatuses } from '../../domain/plans';
import { findMeasure } from './measures.repository';
import { canReportProgress } from './policies';
import { collapseListPaths } from './references';

/**
 * What the responsible department or partner reports: status, description, and which milestones are done
 * (`doneMilestoneIds` lists all done ones; milestones not listed are open). Omitted fields stay unchanged.
 */
export const measureProgressInput = z.object({
	status: z.enum(measureStatuses).optional(),
	description: trimmed(10_000).optional(),
	doneMilestoneIds: z.preprocess((v) => (v === undefined ? undefined : v === '' || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid()).max(200).optional())
});

export async function updateMeasureProgress(opts: { ctx: CommandContext; measureId: string; input: unknown }): Promise<void> {
	const { ctx } = opts;
	assert(isMember(ctx.principal));
	let input: z.output<typeof measureProgressInput>;
	try {
		input = parseInput(measureProgressInput, opts.input);
	} catch (e) {
		if (e instanceof ValidationError) throw new ValidationError(collapseListPaths(e.fieldErrors, ['doneMilestoneIds']));
		throw e;
	}
	const municipalityId = ctx.principal.municipalityId;
	await inTransaction(ctx, async (trx) => {
		const current = await findMeasure(trx, municipalityId, opts.measureId);
		if (!current) throw new NotFoundError('measure');
		assert(canReportProgress(ctx.principal, { districtId: current.districtId, leadActorId: current.leadActorId, partnerActorIds: current.partners.map((p) => p.id) }));
		const own = new Set(current.milestones.map((m) => m.id));
		if (input.doneMilestoneIds?.some((id) => !own.has(id))) throw new ValidationError({ doneMilestoneIds: ['error.unknownReference'] });
		const set: { status?: string; description?: string; updated_at: string } = { updated_at: nowIso() };
		if (input.status !== undefined) set.status = input.status;
		if (input.description !== undefined) set.description = input.description;
		await trx.updateTable('measure').set(set).where('municipality_id', '=', municipalityId).where('id', '=', current.id).execute();
		if (input.doneMilestoneIds) {
			const done = new Set(input.doneMilestoneIds);
			for (const m of current.milestones) {
				if (m.done !== done.has(m.id)) {
					await trx.updateTable('milestone').set({ done: bool(done.has(m.id)) }).where('municipality_id', '=', municipalityId).where('id', '=', m.id).execute();
				}
			}
		}
		return {
			result: undefined,
			audit: {
				action: 'update',
				entity: 'measure',
				entityId: current.id,
				before: { status: current.status, description: current.description, doneMilestoneIds: current.milestones.filter((m) => m.done).map((m) => m.id) },
				after: input
			}
		};
	});
}
