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

// ---- Administration of a municipality's members (every query is scoped by the municipality) ----

export interface MemberRole {
	membershipId: string;
	role: Role;
	actorId: string | null;
	actorName: string | null;
	districts: { id: string; name: string }[];
}

export interface Member {
	userId: string;
	email: string;
	name: string;
	disabled: boolean;
	roles: MemberRole[];
}

/** Members of a municipality with their roles, actor and district narrowing, sorted by name. */
export async function listMembers(db: Kysely<Database>, municipalityId: string, userId?: string): Promise<Member[]> {
	let q = db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.leftJoin('actor', (j) => j.onRef('actor.id', '=', 'membership.actor_id').onRef('actor.municipality_id', '=', 'membership.municipality_id'))
		.select([
			'membership.id as membershipId',
			'membership.role',
			'membership.actor_id as actorId',
			'actor.name as actorName',
			'app_user.id as userId',
			'app_user.email',
			'app_user.name',
			'app_user.disabled'
		])
		.where('membership.municipality_id', '=', municipalityId);
	if (userId) q = q.where('membership.user_id', '=', userId);
	const rows = await q.orderBy('app_user.name').orderBy('app_user.email').orderBy('membership.role').execute();
	if (rows.length === 0) return [];
	const districtRows = await db
		.selectFrom('membership_district')
		.innerJoin('district', (j) =>
			j.onRef('district.id', '=', 'membership_district.district_id').onRef('district.municipality_id', '=', 'membership_district.municipality_id')
		)
		.select(['membership_district.membership_id', 'district.id', 'district.name'])
		.where('membership_district.municipality_id', '=', municipalityId)
		.where(
			'membership_district.membership_id',
			'in',
			rows.map((r) => r.membershipId)
		)
		.orderBy('district.name')
		.execute();
	const members = new Map<string, Member>();
	for (const r of rows) {
		let m = members.get(r.userId);
		if (!m) {
			m = { userId: r.userId, email: r.email, name: r.name, disabled: r.disabled === 1, roles: [] };
			members.set(r.userId, m);
		}
		m.roles.push({
			membershipId: r.membershipId,
			role: r.role as Role,
			actorId: r.actorId,
			actorName: r.actorName ?? null,
			districts: districtRows.filter((d) => d.membership_id === r.membershipId).map((d) => ({ id: d.id, name: d.name }))
		});
	}
	return [...members.values()];
}

export async function findMember(db: Kysely<Database>, municipalityId: string, userId: string): Promise<Member | undefined> {
	return (await listMembers(db, municipalityId, userId))[0];
}

/** The districts of a municipality for choosing a narrowing (kept here so accounts do not depend on the districts area). */
export async function listDistrictOptions(db: Kysely<Database>, municipalityId: string): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('district').select(['id', 'name']).where('municipality_id', '=', municipalityId).orderBy('name').execute();
}

/** Ids among `ids` that are districts of this municipality. */
export async function existingDistrictIds(db: Kysely<Database>, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

/** Admin memberships of enabled users: the municipality must never drop to zero of these. */
export async function countActiveAdmins(db: Kysely<Database>, municipalityId: string): Promise<number> {
	const r = await db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('membership.municipality_id', '=', municipalityId)
		.where('membership.role', '=', 'admin')
		.where('app_user.disabled', '=', 0)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export interface PendingInvitation {
	id: string;
	email: string;
	role: Role;
	actorName: string | null;
	createdAt: string;
	expiresAt: string;
}

/** Invitations of this municipality that were neither used nor have expired. */
export async function listPendingInvitations(db: Kysely<Database>, municipalityId: string, now = new Date()): Promise<PendingInvitation[]> {
	const rows = await db
		.selectFrom('one_time_token')
		.leftJoin('actor', (j) => j.onRef('actor.id', '=', 'one_time_token.actor_id').onRef('actor.municipality_id', '=', 'one_time_token.municipality_id'))
		.select(['one_time_token.id', 'one_time_token.email', 'one_time_token.role', 'actor.name as actorName', 'one_time_token.created_at', 'one_time_token.expires_at'])
		.where('one_time_token.municipality_id', '=', municipalityId)
		.where('one_time_token.purpose', '=', 'invite')
		.where('one_time_token.used_at', 'is', null)
		.where('one_time_token.expires_at', '>', now.toISOString())
		.orderBy('one_time_token.created_at', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, email: r.email, role: r.role as Role, actorName: r.actorName ?? null, createdAt: r.created_at, expiresAt: r.expires_at }));
}

export interface ApiTokenInfo {
	id: string;
	name: string;
	userId: string;
	userName: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export async function listApiTokens(db: Kysely<Database>, municipalityId: string): Promise<ApiTokenInfo[]> {
	const rows = await db
		.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.select([
			'api_token.id',
			'api_token.name',
			'api_token.user_id',
			'app_user.name as userName',
			'api_token.created_at',
			'api_token.last_used_at',
			'api_token.revoked_at'
		])
		.where('api_token.municipality_id', '=', municipalityId)
		.orderBy('api_token.revoked_at', 'desc')
		.orderBy('api_token.created_at', 'desc')
		.execute();
	// Active tokens first (revoked_at null sorts differently per database, so order here).
	return rows
		.map((r) => ({
			id: r.id,
			name: r.name,
			userId: r.user_id,
			userName: r.userName,
			createdAt: r.created_at,
			lastUsedAt: r.last_used_at,
			revokedAt: r.revoked_at
		}))
		.sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
}

export interface AuditRow {
	id: string;
	createdAt: string;
	userId: string | null;
	userName: string | null;
	action: string;
	entity: string;
	entityId: string | null;
	changes: { before: unknown; after: unknown };
}

/** One page of the municipality's audit trail, newest first, optionally for one kind of entity. */
export async function listAuditEntries(
	db: Kysely<Database>,
	municipalityId: string,
	opts: { entity?: string | null; limit: number; offset: number }
): Promise<{ rows: AuditRow[]; total: number }> {
	let base = db.selectFrom('audit_entry').where('audit_entry.municipality_id', '=', municipalityId);
	if (opts.entity) base = base.where('audit_entry.entity', '=', opts.entity);
	const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await base
		.leftJoin('app_user', 'app_user.id', 'audit_entry.user_id')
		.select([
			'audit_entry.id',
			'audit_entry.created_at',
			'audit_entry.user_id',
			'app_user.name as userName',
			'audit_entry.action',
			'audit_entry.entity',
			'audit_entry.entity_id',
			'audit_entry.changes'
		])
		.orderBy('audit_entry.created_at', 'desc')
		.orderBy('audit_entry.id')
		.limit(opts.limit)
		.offset(opts.offset)
		.execute();
	return {
		total: Number(total.n),
		rows: rows.map((r) => ({
			id: r.id,
			createdAt: r.created_at,
			userId: r.user_id,
			userName: r.userName ?? null,
			action: r.action,
			entity: r.entity,
			entityId: r.entity_id,
			changes: parseChanges(r.changes)
		}))
	};
}

function parseChanges(text: string): { before: unknown; after: unknown } {
	try {
		const v = JSON.parse(text) as { before?: unknown; after?: unknown };
		return { before: v?.before ?? null, after: v?.after ?? null };
	} catch {
		return { before: null, after: text };
	}
}

/** The kinds of entity that occur in the municipality's audit trail (for the filter). */
export async function listAuditEntities(db: Kysely<Database>, municipalityId: string): Promise<string[]> {
	const rows = await db.selectFrom('audit_entry').select('entity').distinct().where('municipality_id', '=', municipalityId).orderBy('entity').execute();
	return rows.map((r) => r.entity);
}

export interface UserListEntry extends User {
	municipalities: string[];
}

/** All accounts of the installation (superadmin only): users are global, their roles per municipality. */
export async function listAllUsers(db: Kysely<Database>): Promise<UserListEntry[]> {
	const users = await db.selectFrom('app_user').select(userColumns).orderBy('name').orderBy('email').execute();
	const memberships = await db
		.selectFrom('membership')
		.innerJoin('municipality', 'municipality.id', 'membership.municipality_id')
		.select(['membership.user_id', 'municipality.name'])
		.distinct()
		.orderBy('municipality.name')
		.execute();
	return users.map((u) => ({ ...toUser(u), municipalities: memberships.filter((m) => m.user_id === u.id).map((m) => m.name) }));
}
