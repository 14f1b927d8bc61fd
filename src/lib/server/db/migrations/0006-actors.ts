import { sql, type Kysely } from 'kysely';

/**
 * Inventory II, actors and their activities (handbook 3.1 "Akteure identifizieren und laufende Aktivitäten
 * vor Ort erfassen"):
 * - the actor profile: function, interests, resources, motivation, languages, key-person flag, address, website;
 * - actor_action_field: the fields of action an actor works in (the handbook's overview of fields × levels);
 * - actor_contact: contact persons (personal data: purpose, legal basis, consent, retention date);
 * - actor_cooperation: an undirected cooperation link, stored once per pair (the application orders the ids);
 * - activity: an ongoing offer of an actor (field of action, target groups, languages, place, schedule, cost,
 *   source and date of the last confirmation).
 * Contacts and activities do not cascade with their actor: deleting an actor that still has them is refused,
 * and merging two actors moves them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
	const float = (dialect === 'postgres' ? 'double precision' : 'real') as 'real';
	const text = (name: string) => db.schema.alterTable('actor').addColumn(name, 'text', (c) => c.notNull().defaultTo('')).execute();
	for (const c of ['function', 'interests', 'resources', 'motivation', 'address', 'website']) await text(c);
	await db.schema.alterTable('actor').addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]')).execute();
	await db.schema.alterTable('actor').addColumn('key_person', 'integer', (c) => c.notNull().defaultTo(0)).execute();

	await db.schema
		.createTable('actor_action_field')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addColumn('action_field_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('actor_action_field_pk', ['actor_id', 'action_field_id'])
		.addForeignKeyConstraint('aaf_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('aaf_field_fk', ['municipality_id', 'action_field_id'], 'action_field', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('actor_action_field_field_idx').on('actor_action_field').columns(['municipality_id', 'action_field_id']).execute();

	await db.schema
		.createTable('actor_contact')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('role_title', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('legal_basis', 'text', (c) => c.notNull())
		.addColumn('consent_date', 'text')
		.addColumn('consent_method', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('retention_until', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('actor_contact_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('actor_contact_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'])
		.addCheckConstraint('actor_contact_basis_ck', sql`legal_basis in ('consent', 'contract', 'public-task', 'legitimate-interest')`)
		.execute();
	await db.schema.createIndex('actor_contact_actor_idx').on('actor_contact').columns(['municipality_id', 'actor_id']).execute();
	await db.schema.createIndex('actor_contact_retention_idx').on('actor_contact').columns(['municipality_id', 'retention_until']).execute();

	await db.schema
		.createTable('actor_cooperation')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('actor_a_id', 'text', (c) => c.notNull())
		.addColumn('actor_b_id', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('actor_cooperation_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('actor_cooperation_pair_uq', ['municipality_id', 'actor_a_id', 'actor_b_id'])
		.addForeignKeyConstraint('ac_a_fk', ['municipality_id', 'actor_a_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('ac_b_fk', ['municipality_id', 'actor_b_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addCheckConstraint('actor_cooperation_order_ck', sql`actor_a_id <> actor_b_id`)
		.execute();
	await db.schema.createIndex('actor_cooperation_b_idx').on('actor_cooperation').columns(['municipality_id', 'actor_b_id']).execute();

	await db.schema
		.createTable('activity')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addColumn('action_field_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('target_groups', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lat', float)
		.addColumn('lon', float)
		.addColumn('schedule', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('weekdays', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('start_time', 'text')
		.addColumn('end_time', 'text')
		.addColumn('cost_cents', 'bigint')
		.addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('last_confirmed_on', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('activity_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('activity_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'])
		.addForeignKeyConstraint('activity_field_fk', ['municipality_id', 'action_field_id'], 'action_field', ['municipality_id', 'id'])
		.addCheckConstraint('activity_cost_ck', sql`cost_cents is null or cost_cents >= 0`)
		.addCheckConstraint('activity_latlon_ck', sql`(lat is null) = (lon is null)`)
		.execute();
	await db.schema.createIndex('activity_actor_idx').on('activity').columns(['municipality_id', 'actor_id']).execute();
	await db.schema.createIndex('activity_field_idx').on('activity').columns(['municipality_id', 'action_field_id']).execute();
}
