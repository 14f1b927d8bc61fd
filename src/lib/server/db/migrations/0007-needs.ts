import { sql, type Kysely } from 'kysely';

/**
 * Inventory II, needs of the people (Bedarfe) and the engagements they were gathered in (interviews with key
 * persons, round tables, district forums, stands at events, existing bodies).
 *
 * - need: belongs to a district, has a field of action, a channel, an optional source engagement, a place and the
 *   language of the original statement. "Raised by" is anonymous by default: an actor (need_actor), a group
 *   described in words, or a named person only with recorded consent.
 * - Lifecycle: state open | taken_up | merged | not_pursued with a public reason; taken_up links to goals and
 *   measures (need_goal, need_measure); merged points at the need it was merged into.
 * - submission_key makes creation idempotent: a double click or a retried API call finds the first row.
 * - References to actors, goals and measures sit in link tables that cascade, so deleting an actor, goal or
 *   measure in its own area never fails because of a need (the need keeps its public reason).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
	const float = (dialect === 'postgres' ? 'double precision' : 'real') as 'real';

	await db.schema
		.createTable('engagement')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('held_on', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('participant_count', 'integer')
		.addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('interpreting_languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('whisper_corner_languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('childcare', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('step_free', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('accessibility_notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('submission_key', 'text')
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('engagement_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('engagement_submission_uq', ['municipality_id', 'submission_key'])
		.addForeignKeyConstraint('engagement_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'])
		.addCheckConstraint('engagement_kind_ck', sql`kind in ('interview', 'round-table', 'district-forum', 'event-stand', 'existing-body')`)
		.addCheckConstraint('engagement_count_ck', sql`participant_count is null or participant_count >= 0`)
		.execute();
	await db.schema.createIndex('engagement_district_idx').on('engagement').columns(['municipality_id', 'district_id', 'held_on']).execute();

	await db.schema
		.createTable('engagement_actor')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('engagement_id', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('engagement_actor_pk', ['engagement_id', 'actor_id'])
		.addForeignKeyConstraint('ea_engagement_fk', ['municipality_id', 'engagement_id'], 'engagement', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('ea_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('engagement_actor_actor_idx').on('engagement_actor').columns(['municipality_id', 'actor_id']).execute();

	await db.schema
		.createTable('need')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addColumn('action_field_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('statement', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('engagement_id', 'text')
		.addColumn('target_groups', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('place_label', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('place_lat', float)
		.addColumn('place_lon', float)
		.addColumn('raised_by', 'text', (c) => c.notNull().defaultTo('anonymous'))
		.addColumn('raised_by_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('consent_recorded', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('internal_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn('public_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('merged_into_id', 'text')
		.addColumn('state_changed_at', 'text', (c) => c.notNull())
		.addColumn('submission_key', 'text')
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('need_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('need_submission_uq', ['municipality_id', 'submission_key'])
		.addForeignKeyConstraint('need_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'])
		.addForeignKeyConstraint('need_field_fk', ['municipality_id', 'action_field_id'], 'action_field', ['municipality_id', 'id'])
		.addForeignKeyConstraint('need_engagement_fk', ['municipality_id', 'engagement_id'], 'engagement', ['municipality_id', 'id'])
		.addForeignKeyConstraint('need_merged_into_fk', ['municipality_id', 'merged_into_id'], 'need', ['municipality_id', 'id'])
		.addCheckConstraint('need_state_ck', sql`state in ('open', 'taken_up', 'merged', 'not_pursued')`)
		.addCheckConstraint('need_merged_ck', sql`(state = 'merged') = (merged_into_id is not null)`)
		.addCheckConstraint('need_raised_by_ck', sql`raised_by in ('anonymous', 'actor', 'group', 'person')`)
		.addCheckConstraint('need_consent_ck', sql`raised_by <> 'person' or consent_recorded = 1`)
		.addCheckConstraint('need_place_ck', sql`(place_lat is null) = (place_lon is null)`)
		.execute();
	await db.schema.createIndex('need_district_idx').on('need').columns(['municipality_id', 'district_id', 'state']).execute();
	await db.schema.createIndex('need_engagement_idx').on('need').columns(['municipality_id', 'engagement_id']).execute();
	await db.schema.createIndex('need_merged_into_idx').on('need').columns(['municipality_id', 'merged_into_id']).execute();

	await db.schema
		.createTable('need_actor')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('need_id', 'text', (c) => c.notNull().primaryKey())
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addForeignKeyConstraint('na_need_fk', ['municipality_id', 'need_id'], 'need', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('na_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('need_actor_actor_idx').on('need_actor').columns(['municipality_id', 'actor_id']).execute();

	await db.schema
		.createTable('need_goal')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('need_id', 'text', (c) => c.notNull())
		.addColumn('goal_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('need_goal_pk', ['need_id', 'goal_id'])
		.addForeignKeyConstraint('ng_need_fk', ['municipality_id', 'need_id'], 'need', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('ng_goal_fk', ['municipality_id', 'goal_id'], 'goal', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('need_goal_goal_idx').on('need_goal').columns(['municipality_id', 'goal_id']).execute();

	await db.schema
		.createTable('need_measure')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('need_id', 'text', (c) => c.notNull())
		.addColumn('measure_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('need_measure_pk', ['need_id', 'measure_id'])
		.addForeignKeyConstraint('nm_need_fk', ['municipality_id', 'need_id'], 'need', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('nm_measure_fk', ['municipality_id', 'measure_id'], 'measure', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('need_measure_measure_idx').on('need_measure').columns(['municipality_id', 'measure_id']).execute();
}
