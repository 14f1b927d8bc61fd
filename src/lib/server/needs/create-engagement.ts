import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { isUniqueViolation } from '../districts/db-errors';
import { checkActors, ReferenceErrors, unique } from '../plans/references';
import { findEngagementBySubmissionKey } from './engagements.repository';
import { createEngagementInput, engagementLists, parseListed } from './need-input';
import { canRecordNeeds, recordsSomeNeeds } from './policies';
import { requireDistrict } from './references';

export { createEngagementInput };

/**
 * Records an interview with a key person, a round table, a district forum, a stand at an event or a session of
 * an existing body: when, where, who was asked or met (actors, and participants described without personal
 * data), and the language support offered. Idempotent with a `submissionKey`, like createNeed.
 */
export async function createEngagement(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string; replayed: boolean }> {
	const { ctx } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(recordsSomeNeeds(ctx.principal));
	const input = parseListed(createEngagementInput, opts.input, engagementLists);
	if (input.submissionKey) {
		const prior = await findEngagementBySubmissionKey(ctx.db.kysely, municipalityId, input.submissionKey);
		if (prior) return { id: prior.id, replayed: true };
	}
	const actorIds = unique(input.actorIds);
	const interpreting = unique(input.interpretingLanguages);
	const whisper = unique(input.whisperCornerLanguages);
	try {
		return await inTransaction(ctx, async (trx) => {
			await requireDistrict(trx, municipalityId, input.districtId);
			assert(canRecordNeeds(ctx.principal, input.districtId));
			const errs = new ReferenceErrors();
			await checkActors(trx, municipalityId, actorIds, 'actorIds', errs);
			errs.throwIfAny();
			const id = newId();
			const now = nowIso();
			await trx
				.insertInto('engagement')
				.values({
					id,
					municipality_id: municipalityId,
					district_id: input.districtId,
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
					submission_key: input.submissionKey ?? null,
					created_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
					created_at: now,
					updated_at: now
				})
				.execute();
			if (actorIds.length) await trx.insertInto('engagement_actor').values(actorIds.map((actor_id) => ({ municipality_id: municipalityId, engagement_id: id, actor_id }))).execute();
			const { submissionKey: _k, ...after } = input;
			return {
				result: { id, replayed: false },
				audit: { action: 'create', entity: 'engagement', entityId: id, after: { ...after, actorIds, interpretingLanguages: interpreting, whisperCornerLanguages: whisper } }
			};
		});
	} catch (e) {
		if (input.submissionKey && isUniqueViolation(e)) {
			const prior = await findEngagementBySubmissionKey(ctx.db.kysely, municipalityId, input.submissionKey);
			if (prior) return { id: prior.id, replayed: true };
		}
		throw e;
	}
}
