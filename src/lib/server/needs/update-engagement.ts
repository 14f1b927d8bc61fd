import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { checkActors, ReferenceErrors, unique } from '../plans/references';
import { findEngagement } from './engagements.repository';
import { engagementLists, parseListed, updateEngagementInput } from './need-input';
import { canEditRecord, recordsSomeNeeds } from './policies';

export { updateEngagementInput };

/** Corrects an engagement record (its district stays; the kind may change while no need was captured in it). */
export async function updateEngagement(opts: { ctx: CommandContext; engagementId: string; input: unknown }): Promise<void> {
	const { ctx, engagementId } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(recordsSomeNeeds(ctx.principal));
	const input = parseListed(updateEngagementInput, opts.input, engagementLists);
	const actorIds = unique(input.actorIds);
	const interpreting = unique(input.interpretingLanguages);
	const whisper = unique(input.whisperCornerLanguages);
	await inTransaction(ctx, async (trx) => {
		const before = await findEngagement(trx, municipalityId, engagementId);
		if (!before) throw new NotFoundError('engagement');
		assert(canEditRecord(ctx.principal, before));
		const errs = new ReferenceErrors();
		// The kind is the channel of the needs captured here: changing it would contradict them.
		if (input.kind !== before.kind && before.needCount > 0) errs.add('kind', 'error.engagementKindInUse');
		await checkActors(trx, municipalityId, actorIds, 'actorIds', errs);
		errs.throwIfAny();
		await trx
			.updateTable('engagement')
			.set({
				kind: input.kind,
				title: input.title,
				held_on: input.heldOn,
				place: input.place,
				participant_count: input.participantCount,
				participants: input.participants,
				interpreting_languages: JSON.stringify(interpreting),
				whisper_corner_languages: JSON.stringify(whisper),
				childcare: bool(input.childcare),
				step_free: bool(input.stepFree),
				accessibility_notes: input.accessibilityNotes,
				notes: input.notes,
				updated_at: nowIso()
			})
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', engagementId)
			.execute();
		await trx.deleteFrom('engagement_actor').where('municipality_id', '=', municipalityId).where('engagement_id', '=', engagementId).execute();
		if (actorIds.length) await trx.insertInto('engagement_actor').values(actorIds.map((actor_id) => ({ municipality_id: municipalityId, engagement_id: engagementId, actor_id }))).execute();
		const { districtId: _d, districtName: _n, needCount: _c, createdAt: _ca, updatedAt: _u, createdBy: _cb, actors, ...rest } = before;
		return {
			result: undefined,
			audit: {
				action: 'update',
				entity: 'engagement',
				entityId: engagementId,
				before: { ...rest, actorIds: actors.map((a) => a.id) },
				after: { ...input, actorIds, interpretingLanguages: interpreting, whisperCornerLanguages: whisper }
			}
		};
	});
}
