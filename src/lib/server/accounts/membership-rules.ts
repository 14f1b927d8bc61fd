import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DialectName } from '../db/connection';
import { ConflictError, ValidationError } from '../core/errors';
import { narrowableRoles, type Role } from '../core/roles';
import { existingActorIds } from '../actors/actors.repository';
import { countActiveAdmins, existingDistrictIds } from './accounts.repository';

/**
 * Serialises changes to a municipality's memberships. PostgreSQL (READ COMMITTED) would otherwise let two
 * admins remove each other at the same time and leave no admin; SQLite already runs one writer at a time.
 */
export async function lockMemberships(trx: Transaction<Database>, dialect: DialectName, municipalityId: string): Promise<void> {
	if (dialect === 'postgres') await sql`select id from municipality where id = ${municipalityId} for update`.execute(trx);
}

/** Checks that actor and districts belong to this municipality and that the role may be narrowed. */
export async function checkNarrowing(
	trx: Transaction<Database>,
	municipalityId: string,
	role: Role,
	actorId: string | null,
	districtIds: string[]
): Promise<void> {
	if (role === 'admin' && actorId) throw new ValidationError({ actorId: ['error.notNarrowable'] });
	if (districtIds.length && !narrowableRoles.includes(role)) throw new ValidationError({ districtIds: ['error.notNarrowable'] });
	if (actorId && !(await existingActorIds(trx, municipalityId, [actorId])).has(actorId)) throw new ValidationError({ actorId: ['error.unknownReference'] });
	const known = await existingDistrictIds(trx, municipalityId, districtIds);
	if (known.size !== districtIds.length) throw new ValidationError({ districtIds: ['error.unknownReference'] });
}

/** Called after a change, inside the transaction: a municipality keeps at least one enabled admin. */
export async function assertAdminRemains(trx: Transaction<Database>, municipalityId: string): Promise<void> {
	if ((await countActiveAdmins(trx, municipalityId)) === 0) throw new ConflictError('error.lastAdmin');
}

/** A membership row of this municipality with its districts, for audit before/after. */
export async function membershipSnapshot(trx: Transaction<Database>, municipalityId: string, membershipId: string) {
	const m = await trx
		.selectFrom('membership')
		.select(['id', 'user_id', 'role', 'actor_id'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', membershipId)
		.executeTakeFirst();
	if (!m) return undefined;
	const d = await trx.selectFrom('membership_district').select('district_id').where('municipality_id', '=', municipalityId).where('membership_id', '=', m.id).execute();
	return { id: m.id, userId: m.user_id, role: m.role as Role, actorId: m.actor_id, districtIds: d.map((r) => r.district_id).sort() };
}
