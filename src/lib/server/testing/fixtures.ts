import type { Db } from '../db/connection';
import type { Principal, RoleGrant } from '../core/actor';
import type { CommandContext } from '../core/command';
import { createMunicipality } from '../municipalities/create-municipality';
import { insertUser } from '../accounts/create-user';
import { insertMembership } from '../accounts/grant-role';

let n = 0;

/** A municipality with an admin+coordinator user, and a context to run commands as that user. */
export async function createTenant(db: Db, name = `Stadt ${++n}`) {
	const i = ++n;
	const municipality = await createMunicipality({
		db,
		input: { name, ags: String(10_000_000 + i * 7919).padStart(8, '0').slice(-8), slug: `stadt-${i}-${Date.now() % 100000}` }
	});
	const user = await insertUser(db.kysely, { email: `admin${i}-${Date.now()}@example.org`, name: `Admin ${i}` });
	await insertMembership(db.kysely, { municipalityId: municipality.id, userId: user.id, role: 'admin' });
	await insertMembership(db.kysely, { municipalityId: municipality.id, userId: user.id, role: 'coordinator' });
	const principal: Principal = {
		userId: user.id,
		municipalityId: municipality.id,
		grants: [
			{ role: 'admin', actorId: null, districtIds: null },
			{ role: 'coordinator', actorId: null, districtIds: null }
		],
		isSuperadmin: false,
		via: 'session'
	};
	const ctx: CommandContext & { municipalityId: string } = { db, principal, municipalityId: municipality.id };
	return { municipality, user, principal, ctx };
}

/** A context for the same municipality acting with other grants (e.g. a department user). */
export function asGrants(base: { db: Db; municipalityId: string; userId?: string }, grants: RoleGrant[]): CommandContext & { municipalityId: string } {
	return {
		db: base.db,
		municipalityId: base.municipalityId,
		principal: { userId: base.userId ?? 'test-user', municipalityId: base.municipalityId, grants, isSuperadmin: false, via: 'session' }
	};
}

/** Number of rows in a table (to assert that a failed command wrote nothing). */
export async function countRows(db: Db, table: 'audit_entry' | 'district' | 'goal' | 'measure' | 'actor' | 'membership' | 'app_user' | 'city_concept' | 'concept_goal' | 'action_plan' | 'milestone' | 'measure_goal' | 'measure_partner' | 'session' | 'one_time_token' | 'api_token' | 'district_concept' | 'starting_decision' | 'action_field' | 'goal_concept_goal' | 'plan_translation'): Promise<number> {
	const r = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(r.n);
}
