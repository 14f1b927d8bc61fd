import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { newId, nowIso } from '../core/ids';
import type { Role } from '../core/roles';

/** Inserts a membership (role in a municipality, optionally for an actor and narrowed to districts). */
export async function insertMembership(
	trx: Kysely<Database> | Transaction<Database>,
	opts: { municipalityId: string; userId: string; role: Role; actorId?: string | null; districtIds?: string[] }
): Promise<string> {
	const id = newId();
	await trx
		.insertInto('membership')
		.values({
			id,
			municipality_id: opts.municipalityId,
			user_id: opts.userId,
			role: opts.role,
			actor_id: opts.actorId ?? null,
			created_at: nowIso()
		})
		.execute();
	if (opts.districtIds?.length) {
		await trx
			.insertInto('membership_district')
			.values(opts.districtIds.map((d) => ({ membership_id: id, municipality_id: opts.municipalityId, district_id: d })))
			.execute();
	}
	return id;
}
