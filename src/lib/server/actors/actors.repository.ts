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

export async function listActors(db: Kysely<Database>, municipalityId: string): Promise<Actor[]> {
	const rows = await db
		.selectFrom('actor')
		.select(['id', 'name', 'kind', 'level'])
		.where('municipality_id', '=', municipalityId)
		.orderBy('name')
		.execute();
	return rows.map(toActor);
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
