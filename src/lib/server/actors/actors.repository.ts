import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Kinds of actor from DOMAIN.md; departments (Fachämter) are actors of kind 'administration'. */
export const actorKinds = [
	'administration',
	'politics',
	'civil-society',
	'provider',
	'migrant-organisation',
	'school',
	'kita',
	'religious-community',
	'housing-company',
	'business',
	'other'
] as const;
export type ActorKind = (typeof actorKinds)[number];
export const actorLevels = ['district', 'city'] as const;
export type ActorLevel = (typeof actorLevels)[number];

export interface Actor {
	id: string;
	name: string;
	kind: ActorKind;
	level: ActorLevel;
}

const toActor = (r: { id: string; name: string; kind: string; level: string }): Actor => ({
	id: r.id,
	name: r.name,
	kind: r.kind as ActorKind,
	level: r.level as ActorLevel
});

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

export async function listActors(db: Kysely<Database>, municipalityId: string): Promise<Actor[]> {
	const rows = await db
		.selectFrom('actor')
		.select(['id', 'name', 'kind', 'level'])
		.where('municipality_id', '=', municipalityId)
		.execute();
	// German collation ("Ä" beside "A"), the same on both databases.
	return rows.map(toActor).sort((a, b) => collator.compare(a.name, b.name));
}

export async function findActor(db: Kysely<Database>, municipalityId: string, id: string): Promise<Actor | undefined> {
	const r = await db
		.selectFrom('actor')
		.select(['id', 'name', 'kind', 'level'])
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', id)
		.executeTakeFirst();
	return r && toActor(r);
}

/** Ids among `ids` that are actors of this municipality (to reject unknown or foreign references). */
export async function existingActorIds(db: Kysely<Database>, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('actor').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

export async function findActorByName(db: Kysely<Database>, municipalityId: string, name: string): Promise<{ id: string } | undefined> {
	return db.selectFrom('actor').select('id').where('municipality_id', '=', municipalityId).where('name', '=', name).executeTakeFirst();
}

/**
 * What still refers to an actor: measures it leads or partners in, role grants acting for it, and open
 * invitations for it. An actor can only be deleted when every count is zero.
 */
export async function actorUsage(db: Kysely<Database>, municipalityId: string, id: string) {
	const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);
	const [leads, partners, memberships, invitations] = await Promise.all([
		db.selectFrom('measure').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('lead_actor_id', '=', id).executeTakeFirst(),
		db.selectFrom('measure_partner').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('actor_id', '=', id).executeTakeFirst(),
		db.selectFrom('membership').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('actor_id', '=', id).executeTakeFirst(),
		db
			.selectFrom('one_time_token')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('municipality_id', '=', municipalityId)
			.where('actor_id', '=', id)
			.where('used_at', 'is', null)
			.executeTakeFirst()
	]);
	return { leads: n(leads), partners: n(partners), memberships: n(memberships), invitations: n(invitations) };
}
