import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Principal } from '../core/actor';
import { ConflictError, NotFoundError } from '../core/errors';
import { nowIso } from '../core/ids';
import { assert } from '../core/policies';
import { canChangeState, type NeedState } from '../../domain/needs';
import { findNeedRow, linkIds } from './needs.repository';
import { canDecideNeeds } from './policies';

type Trx = Transaction<Database>;

/**
 * Loads the need a state change works on, inside its transaction: 404, 403, "merged is final" (409), and the
 * review: a rejected submission takes no state change, a pending one only a merge (accept it first otherwise).
 */
export async function loadForStateChange(trx: Trx, principal: Principal, needId: string, to: NeedState) {
	const need = await findNeedRow(trx, principal.municipalityId, needId);
	if (!need) throw new NotFoundError('need');
	assert(canDecideNeeds(principal, need.district_id));
	if (need.review_state === 'rejected') throw new ConflictError('error.needRejected', 'state');
	if (need.review_state === 'pending' && to !== 'merged') throw new ConflictError('error.needPendingReview', 'state');
	if (!canChangeState(need.state, to)) throw new ConflictError('error.needMerged', 'state');
	const links = await linkIds(trx, principal.municipalityId, needId);
	return { need, links, before: { state: need.state, publicReason: need.public_reason, mergedIntoId: need.merged_into_id, ...links } };
}

/**
 * Sets a need's state. Retention rule of the public online form: the contact e-mail address a resident left
 * with consent serves to ask back and to tell them what became of the need, so it is deleted as soon as the need
 * is decided on (taken up, merged or not pursued); the need stays, anonymous.
 */
export async function setState(trx: Trx, municipalityId: string, needId: string, state: NeedState, publicReason: string, mergedIntoId: string | null = null): Promise<void> {
	const now = nowIso();
	await trx
		.updateTable('need')
		.set({ state, public_reason: publicReason, merged_into_id: mergedIntoId, state_changed_at: now, updated_at: now })
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', needId)
		.execute();
	if (state !== 'open') await forgetOnlineContact(trx, municipalityId, needId);
}

/** Deletes the contact address of a need raised through the public online form (see setState). */
export async function forgetOnlineContact(trx: Trx, municipalityId: string, needId: string): Promise<void> {
	await trx
		.updateTable('need')
		.set({ raised_by: 'anonymous', raised_by_text: '', consent_recorded: 0 })
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', needId)
		.where('channel', '=', 'online-form')
		.where('raised_by', '=', 'person')
		.execute();
}

export async function replaceLinks(trx: Trx, municipalityId: string, needId: string, goalIds: string[], measureIds: string[]): Promise<void> {
	await trx.deleteFrom('need_goal').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute();
	await trx.deleteFrom('need_measure').where('municipality_id', '=', municipalityId).where('need_id', '=', needId).execute();
	if (goalIds.length) await trx.insertInto('need_goal').values(goalIds.map((goal_id) => ({ municipality_id: municipalityId, need_id: needId, goal_id }))).execute();
	if (measureIds.length) await trx.insertInto('need_measure').values(measureIds.map((measure_id) => ({ municipality_id: municipalityId, need_id: needId, measure_id }))).execute();
}
