import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RoleGrant } from '../core/actor';
import type { Role } from '../core/roles';

export interface User {
	id: string;
	email: string;
	name: string;
	isSuperadmin: boolean;
	disabled: boolean;
}

const userColumns = ['id', 'email', 'name', 'is_superadmin', 'disabled'] as const;
const toUser = (r: { id: string; email: string; name: string; is_superadmin: number; disabled: number }): User => ({
	id: r.id,
	email: r.email,
	name: r.name,
	isSuperadmin: r.is_superadmin === 1,
	disabled: r.disabled === 1
});

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Users are global (one person may work for several municipalities); memberships are per municipality. */
export async function findUserByEmail(db: Kysely<Database>, email: string) {
	const r = await db
		.selectFrom('app_user')
		.select([...userColumns, 'password_hash'])
		.where('email', '=', normaliseEmail(email))
		.executeTakeFirst();
	return r && { ...toUser(r), passwordHash: r.password_hash };
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
	const r = await db.selectFrom('app_user').select(userColumns).where('id', '=', id).executeTakeFirst();
	return r && toUser(r);
}

/** The role grants of a user in one municipality, with their district narrowing. */
export async function listGrants(db: Kysely<Database>, municipalityId: string, userId: string): Promise<RoleGrant[]> {
	const memberships = await db
		.selectFrom('membership')
		.select(['id', 'role', 'actor_id'])
		.where('municipality_id', '=', municipalityId)
		.where('user_id', '=', userId)
		.execute();
	if (memberships.length === 0) return [];
	const districts = await db
		.selectFrom('membership_district')
		.select(['membership_id', 'district_id'])
		.where('municipality_id', '=', municipalityId)
		.where(
			'membership_id',
			'in',
			memberships.map((m) => m.id)
		)
		.execute();
	return memberships.map((m) => {
		const ids = districts.filter((d) => d.membership_id === m.id).map((d) => d.district_id);
		return { role: m.role as Role, actorId: m.actor_id, districtIds: ids.length ? ids : null };
	});
}

/** Municipalities where the user holds any role (for the start page and the tenant switcher). */
export async function listUserMunicipalities(db: Kysely<Database>, userId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('municipality', 'municipality.id', 'membership.municipality_id')
		.select(['municipality.id', 'municipality.name', 'municipality.slug'])
		.where('membership.user_id', '=', userId)
		.distinct()
		.orderBy('municipality.name')
		.execute();
}
