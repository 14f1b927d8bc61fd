import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/connection';
import { NotFoundError } from '../core/errors';

type Trx = Transaction<Database>;

/**
 * Loads the plan a version command works on and, on PostgreSQL, locks its row until the transaction ends,
 * so two submissions or resolutions of the same plan run one after the other (SQLite serialises writes anyway).
 */
export async function lockPlan(trx: Trx, dialect: Db['dialect'], municipalityId: string, planId: string) {
	let q = trx.selectFrom('action_plan').select(['id', 'district_id', 'title']).where('municipality_id', '=', municipalityId).where('id', '=', planId);
	if (dialect === 'postgres') q = q.forUpdate();
	const plan = await q.executeTakeFirst();
	if (!plan) throw new NotFoundError('action plan');
	return plan;
}

/** A version of exactly this plan in this municipality; anything else is not found. */
export async function requireVersion(trx: Trx, municipalityId: string, planId: string, versionId: string) {
	const v = await trx
		.selectFrom('plan_version')
		.select(['id', 'number', 'state', 'resolution_date'])
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!v) throw new NotFoundError('plan version');
	return v;
}

/** The message for a version that is no longer waiting for a decision. */
export const notSubmittedKey = (state: string): string => (state === 'withdrawn' ? 'error.versionWithdrawn' : 'error.versionFrozen');
