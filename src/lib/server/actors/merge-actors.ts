import { z } from 'zod';
import type { CommandContext } from '../core/command';
import { inTransaction } from '../core/command';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { parseInput } from '../core/validate';
import { isForeignKeyViolation, isUniqueViolation } from '../districts/db-errors';
import { orderedPair } from '../../domain/actors';
import { profileColumns, replaceActorDistricts, replaceActorFields } from './actor-writes';
import { findActorProfile, findCooperationByPair, listCooperations, type ActorProfile } from './actors.repository';
import { canMergeActors } from './policies';

export const mergeActorsInput = z.object({
	/** The duplicate that is merged into the surviving actor and then removed. */
	duplicateId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid())
});

export interface MergeResult {
	actor: ActorProfile;
	moved: { leads: number; partners: number; partnersDropped: number; memberships: number; invitations: number; activities: number; contacts: number; needs: number; engagements: number; cooperations: number; cooperationsJoined: number };
}

const TEXT_MAX = 4000;
/** Both texts when they differ (and fit), else the survivor's; the duplicate's text stays in the audit entry. */
function joinText(keep: string, other: string): string {
	if (!other || other === keep) return keep;
	if (!keep) return other;
	const joined = `${keep}\n\n${other}`;
	return joined.length <= TEXT_MAX ? joined : keep;
}

/**
 * Merges a duplicate actor into the surviving one: measures it leads or partners in, users and invitations
 * acting for it, its activities, contact persons, fields of action, districts (when the survivor works on the
 * district level), cooperation links, the needs it raised and
 * the interviews or round tables it took part in move to the
 * survivor; its profile fills the survivor's gaps (texts that differ are joined, languages united). Then the
 * duplicate is deleted. One transaction, one audit entry ('merge' on the survivor) holding both profiles as
 * they were — so nothing is lost. Contact persons' personal data is not copied into the audit entry.
 */
export async function mergeActors(opts: { ctx: CommandContext; actorId: string; input: unknown }): Promise<MergeResult> {
	const { ctx, actorId } = opts;
	const m = ctx.principal.municipalityId;
	assert(canMergeActors(ctx.principal));
	const { duplicateId } = parseInput(mergeActorsInput, opts.input);
	try {
		return await inTransaction(ctx, async (trx) => {
			const survivor = await findActorProfile(trx, m, actorId);
			if (!survivor) throw new NotFoundError('actor');
			if (duplicateId === actorId) throw new ValidationError({ duplicateId: ['error.sameActor'] });
			const duplicate = await findActorProfile(trx, m, duplicateId);
			if (!duplicate) throw new ValidationError({ duplicateId: ['error.unknownReference'] });
			const now = nowIso();

			const leads = await trx
				.updateTable('measure')
				.set({ lead_actor_id: actorId, updated_at: now })
				.where('municipality_id', '=', m)
				.where('lead_actor_id', '=', duplicateId)
				.executeTakeFirst();

			// Partner links: the survivor is partner once; a measure the survivor leads needs no partner link to it.
			const dupPartnerOf = await trx.selectFrom('measure_partner').select('measure_id').where('municipality_id', '=', m).where('actor_id', '=', duplicateId).execute();
			const measureIds = dupPartnerOf.map((r) => r.measure_id);
			const taken = new Set<string>();
			if (measureIds.length) {
				const existing = await trx.selectFrom('measure_partner').select('measure_id').where('municipality_id', '=', m).where('actor_id', '=', actorId).where('measure_id', 'in', measureIds).execute();
				const led = await trx.selectFrom('measure').select('id').where('municipality_id', '=', m).where('lead_actor_id', '=', actorId).where('id', 'in', measureIds).execute();
				for (const r of existing) taken.add(r.measure_id);
				for (const r of led) taken.add(r.id);
			}
			const drop = measureIds.filter((id) => taken.has(id));
			const keep = measureIds.filter((id) => !taken.has(id));
			if (drop.length) await trx.deleteFrom('measure_partner').where('municipality_id', '=', m).where('actor_id', '=', duplicateId).where('measure_id', 'in', drop).execute();
			if (keep.length) await trx.updateTable('measure_partner').set({ actor_id: actorId }).where('municipality_id', '=', m).where('actor_id', '=', duplicateId).where('measure_id', 'in', keep).execute();

			const moveActorId = async (table: 'membership' | 'one_time_token' | 'activity' | 'actor_contact') =>
				Number((await trx.updateTable(table).set({ actor_id: actorId }).where('municipality_id', '=', m).where('actor_id', '=', duplicateId).executeTakeFirst()).numUpdatedRows);
			const memberships = await moveActorId('membership');
			const invitations = await moveActorId('one_time_token');
			const activities = await moveActorId('activity');
			const contacts = await moveActorId('actor_contact');
			// Needs raised by the duplicate, and interviews or round tables it took part in (inventory II).
			const needs = Number(
				(await trx.updateTable('need_actor').set({ actor_id: actorId }).where('municipality_id', '=', m).where('actor_id', '=', duplicateId).executeTakeFirst()).numUpdatedRows
			);
			const both = await trx.selectFrom('engagement_actor').select('engagement_id').where('municipality_id', '=', m).where('actor_id', '=', actorId).execute();
			if (both.length)
				await trx
					.deleteFrom('engagement_actor')
					.where('municipality_id', '=', m)
					.where('actor_id', '=', duplicateId)
					.where('engagement_id', 'in', both.map((r) => r.engagement_id))
					.execute();
			const engagements = Number(
				(await trx.updateTable('engagement_actor').set({ actor_id: actorId }).where('municipality_id', '=', m).where('actor_id', '=', duplicateId).executeTakeFirst()).numUpdatedRows
			);

			// Cooperations: re-point to the survivor; a link between the two disappears, a link both had is joined.
			let cooperations = 0;
			let cooperationsJoined = 0;
			for (const c of await listCooperations(trx, m, duplicateId)) {
				const other = c.actorAId === duplicateId ? c.actorBId : c.actorAId;
				if (other === actorId) {
					await trx.deleteFrom('actor_cooperation').where('municipality_id', '=', m).where('id', '=', c.id).execute();
					cooperationsJoined++;
					continue;
				}
				const [a, b] = orderedPair(actorId, other);
				const existing = await findCooperationByPair(trx, m, a, b);
				if (existing) {
					await trx
						.updateTable('actor_cooperation')
						.set({ description: joinText(existing.description, c.description).slice(0, 2000), updated_at: now })
						.where('municipality_id', '=', m)
						.where('id', '=', existing.id)
						.execute();
					await trx.deleteFrom('actor_cooperation').where('municipality_id', '=', m).where('id', '=', c.id).execute();
					cooperationsJoined++;
				} else {
					await trx.updateTable('actor_cooperation').set({ actor_a_id: a, actor_b_id: b, updated_at: now }).where('municipality_id', '=', m).where('id', '=', c.id).execute();
					cooperations++;
				}
			}

			const merged: ActorProfile = {
				...survivor,
				function: survivor.function || duplicate.function,
				interests: joinText(survivor.interests, duplicate.interests),
				resources: joinText(survivor.resources, duplicate.resources),
				motivation: joinText(survivor.motivation, duplicate.motivation),
				address: survivor.address || duplicate.address,
				website: survivor.website || duplicate.website,
				languages: [...new Set([...survivor.languages, ...duplicate.languages])],
				keyPerson: survivor.keyPerson || duplicate.keyPerson,
				actionFieldIds: [...new Set([...survivor.actionFieldIds, ...duplicate.actionFieldIds])],
				// The survivor keeps its level; on the district level it works in the districts of both.
				districtIds: survivor.level === 'district' ? [...new Set([...survivor.districtIds, ...duplicate.districtIds])] : []
			};
			await trx.updateTable('actor').set({ ...profileColumns(merged), updated_at: now }).where('municipality_id', '=', m).where('id', '=', actorId).execute();
			await replaceActorFields(trx, m, actorId, merged.actionFieldIds);
			await replaceActorDistricts(trx, m, actorId, merged.districtIds);
			// Anything of another area still pointing at the duplicate makes this fail and roll back (409).
			await trx.deleteFrom('actor').where('municipality_id', '=', m).where('id', '=', duplicateId).execute();

			const moved = {
				leads: Number(leads.numUpdatedRows),
				partners: keep.length,
				partnersDropped: drop.length,
				memberships,
				invitations,
				activities,
				contacts,
				needs,
				engagements,
				cooperations,
				cooperationsJoined
			};
			return {
				result: { actor: merged, moved },
				audit: { action: 'merge', entity: 'actor', entityId: actorId, before: { survivor, duplicate }, after: { actor: merged, mergedActorId: duplicateId, moved } }
			};
		});
	} catch (e) {
		if (isForeignKeyViolation(e) || isUniqueViolation(e)) throw new ConflictError('error.mergeBlocked', 'duplicateId');
		throw e;
	}
}
