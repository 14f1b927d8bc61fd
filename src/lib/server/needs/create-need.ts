import type { Transaction } from 'kysely';
import type { CommandContext } from '../core/command';
import { bool, inTransaction } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { assert } from '../core/policies';
import type { Database } from '../db/schema';
import { isUniqueViolation } from '../districts/db-errors';
import { checkActionField, checkActors, ReferenceErrors } from '../plans/references';
import { createNeedInput, parseNeedInput, type NeedData } from './need-input';
import { findNeedBySubmissionKey } from './needs.repository';
import { canRecordNeeds, recordsSomeNeeds } from './policies';
import { checkEngagement, requireDistrict } from './references';

export { createNeedInput };

/** The editable columns of a need row (create and update write the same ones). */
export function needColumns(d: NeedData, channel: string) {
	return {
		action_field_id: d.actionFieldId,
		title: d.title,
		statement: d.statement,
		channel,
		engagement_id: d.engagementId,
		target_groups: JSON.stringify(d.targetGroups),
		language: d.language,
		place_label: d.placeLabel,
		place_lat: d.placeLat,
		place_lon: d.placeLon,
		raised_by: d.raisedBy,
		raised_by_text: d.raisedByText,
		consent_recorded: bool(d.consentRecorded),
		internal_note: d.internalNote
	};
}

/** The audit entry never holds a person's name: it would outlive the need's deletion or correction. */
export function auditView(d: NeedData & { districtId?: string }) {
	return { ...d, raisedByText: d.raisedBy === 'person' ? '[person]' : d.raisedByText };
}

/** Checks the references of a need's fields inside the transaction and returns the channel to store. */
export async function checkNeedReferences(trx: Transaction<Database>, municipalityId: string, districtId: string, d: NeedData, currentFieldId?: string): Promise<string> {
	const errs = new ReferenceErrors();
	await checkActionField(trx, municipalityId, d.actionFieldId, errs, currentFieldId);
	if (d.raisedByActorId) await checkActors(trx, municipalityId, [d.raisedByActorId], 'raisedByActorId', errs);
	let channel: string | null = d.channel ?? null;
	if (d.engagementId) {
		const kind = await checkEngagement(trx, municipalityId, districtId, d.engagementId, errs);
		if (kind && channel && channel !== kind) errs.add('channel', 'error.needChannelMismatch');
		channel = kind ?? channel;
	}
	errs.throwIfAny();
	return channel!;
}

/**
 * Records a need of a district, from any channel (survey, interview, round table, district forum, stand at an
 * event, online form, existing body). It starts open. With a `submissionKey` (a form token, an API
 * Idempotency-Key, a survey answer id) the command is idempotent: a second call with the same key returns the
 * need of the first and writes nothing. `replayed` tells the two apart.
 */
export async function createNeed(opts: { ctx: CommandContext; input: unknown }): Promise<{ id: string; replayed: boolean }> {
	const { ctx } = opts;
	const municipalityId = ctx.principal.municipalityId;
	assert(recordsSomeNeeds(ctx.principal));
	const input = parseNeedInput(createNeedInput, opts.input);
	if (input.submissionKey) {
		const prior = await findNeedBySubmissionKey(ctx.db.kysely, municipalityId, input.submissionKey);
		if (prior) return { id: prior.id, replayed: true };
	}
	try {
		return await inTransaction(ctx, async (trx) => {
			await requireDistrict(trx, municipalityId, input.districtId);
			assert(canRecordNeeds(ctx.principal, input.districtId));
			const channel = await checkNeedReferences(trx, municipalityId, input.districtId, input);
			const id = newId();
			const now = nowIso();
			await trx
				.insertInto('need')
				.values({
					id,
					municipality_id: municipalityId,
					district_id: input.districtId,
					...needColumns(input, channel),
					state: 'open',
					public_reason: '',
					merged_into_id: null,
					state_changed_at: now,
					submission_key: input.submissionKey ?? null,
					created_by: ctx.principal.via === 'system' ? null : ctx.principal.userId,
					created_at: now,
					updated_at: now
				})
				.execute();
			if (input.raisedByActorId) await trx.insertInto('need_actor').values({ municipality_id: municipalityId, need_id: id, actor_id: input.raisedByActorId }).execute();
			const { submissionKey: _k, ...data } = input;
			return { result: { id, replayed: false }, audit: { action: 'create', entity: 'need', entityId: id, after: { ...auditView(data), channel, state: 'open' } } };
		});
	} catch (e) {
		// Two submissions with the same key at the same moment: the second lost the race and answers with the first.
		if (input.submissionKey && isUniqueViolation(e)) {
			const prior = await findNeedBySubmissionKey(ctx.db.kysely, municipalityId, input.submissionKey);
			if (prior) return { id: prior.id, replayed: true };
		}
		throw e;
	}
}
