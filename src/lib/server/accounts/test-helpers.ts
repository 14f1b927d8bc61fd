import type { Db } from '../db/connection';
import type { Principal } from '../core/actor';
import type { CommandContext } from '../core/command';
import { newId, nowIso } from '../core/ids';
import { insertUser } from './create-user';
import { insertMembership } from './grant-role';
import type { Role } from '../core/roles';

let n = 0;

/** A user with a known password, optionally a member of a municipality with the given roles. */
export async function userWithPassword(db: Db, opts: { municipalityId?: string; roles?: Role[]; password?: string; email?: string } = {}) {
	const i = ++n;
	const email = opts.email ?? `person${i}-${process.pid}-${Date.now()}@example.org`;
	const password = opts.password ?? `correct horse battery ${i}`;
	const user = await insertUser(db.kysely, { email, name: `Person ${i}`, password });
	for (const role of opts.roles ?? []) await insertMembership(db.kysely, { municipalityId: opts.municipalityId!, userId: user.id, role });
	return { id: user.id, email, password };
}

/** A command context acting as a given user with unnarrowed grants in a municipality. */
export function contextFor(db: Db, municipalityId: string, userId: string, roles: Role[]): CommandContext & { municipalityId: string } {
	const principal: Principal = { userId, municipalityId, grants: roles.map((role) => ({ role, actorId: null, districtIds: null })), isSuperadmin: false, via: 'session' };
	return { db, principal, municipalityId };
}

export async function insertDistrict(db: Db, municipalityId: string, name = 'Nordstadt'): Promise<string> {
	const id = newId();
	const now = nowIso();
	await db.kysely.insertInto('district').values({ id, municipality_id: municipalityId, name, code: `D-${id.slice(0, 6)}`, parent_id: null, boundary: null, created_at: now, updated_at: now }).execute();
	return id;
}

export async function insertActor(db: Db, municipalityId: string, name = 'Jugendamt'): Promise<string> {
	const id = newId();
	const now = nowIso();
	await db.kysely.insertInto('actor').values({ id, municipality_id: municipalityId, name: `${name} ${id.slice(0, 4)}`, kind: 'administration', level: 'city', created_at: now, updated_at: now }).execute();
	return id;
}

/** Row counts of every table the account commands write, to show that a failed command wrote nothing. */
export async function accountTables(db: Db): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const t of ['app_user', 'membership', 'membership_district', 'session', 'one_time_token', 'api_token', 'audit_entry', 'municipality'] as const) {
		const r = await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		out[t] = Number(r.n);
	}
	return out;
}
