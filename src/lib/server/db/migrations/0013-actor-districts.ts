import type { Kysely } from 'kysely';

/**
 * The districts a district-level actor works in (handbook 3.1: actors "auf Stadtteilebene" beside the
 * city-wide ones). An actor may work in several districts, so a join table; city-wide actors have no rows.
 * Both references are composite (municipality_id, id) foreign keys, so a link can never cross municipalities.
 * The link goes with its actor (cascade); a district that actors still work in cannot be deleted (no cascade:
 * deleting it would leave a district-level actor without a district).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('actor_district')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('actor_district_pk', ['actor_id', 'district_id'])
		.addForeignKeyConstraint('actor_district_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('actor_district_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'])
		.execute();
	await db.schema.createIndex('actor_district_district_idx').on('actor_district').columns(['municipality_id', 'district_id']).execute();
}
