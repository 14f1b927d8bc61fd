import { sql, type Kysely } from 'kysely';

/**
 * Foundation schema. Tenant-owned tables carry municipality_id and a UNIQUE (municipality_id, id), so that
 * references between tenant rows are composite foreign keys: the database itself refuses a measure that
 * points at another municipality's plan, even if application code were wrong.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
	const serial = dialect === 'postgres' ? 'serial' : 'integer';
	const float = dialect === 'postgres' ? 'double precision' : 'real';

	await db.schema
		.createTable('municipality')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('ags', 'text', (c) => c.notNull().unique())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('languages', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('app_user')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text')
		.addColumn('is_superadmin', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('actor')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('actor_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('actor_name_uq', ['municipality_id', 'name'])
		.execute();

	await db.schema
		.createTable('membership')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('membership_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('membership_role_uq', ['municipality_id', 'user_id', 'role'])
		.addForeignKeyConstraint('membership_actor_fk', ['municipality_id', 'actor_id'], 'actor', [
			'municipality_id',
			'id'
		])
		.execute();

	await db.schema
		.createTable('district')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('parent_id', 'text')
		.addColumn('boundary', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('district_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('district_code_uq', ['municipality_id', 'code'])
		.addForeignKeyConstraint('district_parent_fk', ['municipality_id', 'parent_id'], 'district', [
			'municipality_id',
			'id'
		])
		.execute();

	await db.schema
		.createTable('membership_district')
		.addColumn('membership_id', 'text', (c) => c.notNull())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('membership_district_pk', ['membership_id', 'district_id'])
		.addForeignKeyConstraint('md_membership_fk', ['municipality_id', 'membership_id'], 'membership', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('md_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
		.addColumn('csrf_token', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

	await db.schema
		.createTable('login_attempt')
		.addColumn('id', serial as 'integer', (c) =>
			dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('login_attempt_key_idx').on('login_attempt').columns(['key', 'created_at']).execute();

	await db.schema
		.createTable('one_time_token')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.references('app_user.id').onDelete('cascade'))
		.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('role', 'text')
		.addColumn('actor_id', 'text')
		.addColumn('district_ids', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	await db.schema
		.createTable('api_token')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_used_at', 'text')
		.addColumn('revoked_at', 'text')
		.execute();

	await db.schema
		.createTable('audit_entry')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
		.addColumn('user_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text')
		.addColumn('changes', 'text', (c) => c.notNull())
		.addColumn('request_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('audit_entity_idx')
		.on('audit_entry')
		.columns(['municipality_id', 'entity', 'entity_id'])
		.execute();

	await db.schema
		.createTable('city_concept')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('year', 'integer')
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('city_concept_tenant_uq', ['municipality_id', 'id'])
		.execute();

	await db.schema
		.createTable('concept_goal')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('city_concept_id', 'text', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('concept_goal_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('concept_goal_concept_fk', ['municipality_id', 'city_concept_id'], 'city_concept', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('district_concept')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('district_id', 'text', (c) => c.notNull().unique())
		.addColumn('concept_type', 'text', (c) => c.notNull())
		.addColumn('approaches', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('integration_understanding', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phase', 'text', (c) => c.notNull())
		.addColumn('resources', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('district_concept_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('district_concept_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'])
		.execute();

	await db.schema
		.createTable('starting_decision')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('district_concept_id', 'text', (c) => c.notNull())
		.addColumn('decision', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('starting_decision_uq', ['district_concept_id', 'decision'])
		.addForeignKeyConstraint('starting_decision_concept_fk', ['municipality_id', 'district_concept_id'], 'district_concept', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('action_plan')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('introduction', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reporting_rules', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('action_plan_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('action_plan_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'])
		.execute();

	await db.schema
		.createTable('action_field')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('action_field_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('action_field_key_uq', ['municipality_id', 'key'])
		.execute();

	await db.schema
		.createTable('goal')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('parent_goal_id', 'text')
		.addColumn('action_field_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('priority', 'integer', (c) => c.notNull())
		.addColumn('time_horizon', 'text')
		.addColumn('operationalisation', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('goal_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('goal_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'])
		.addForeignKeyConstraint('goal_parent_fk', ['municipality_id', 'parent_goal_id'], 'goal', ['municipality_id', 'id'])
		.addForeignKeyConstraint('goal_field_fk', ['municipality_id', 'action_field_id'], 'action_field', ['municipality_id', 'id'])
		.execute();

	await db.schema
		.createTable('goal_concept_goal')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('goal_id', 'text', (c) => c.notNull())
		.addColumn('concept_goal_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('goal_concept_goal_pk', ['goal_id', 'concept_goal_id'])
		.addForeignKeyConstraint('gcg_goal_fk', ['municipality_id', 'goal_id'], 'goal', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('gcg_concept_goal_fk', ['municipality_id', 'concept_goal_id'], 'concept_goal', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('measure')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('action_field_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lead_actor_id', 'text')
		.addColumn('start_date', 'text')
		.addColumn('end_date', 'text')
		.addColumn('cost_cents', 'bigint')
		.addColumn('funding_source', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('spatial_scope', 'text', (c) => c.notNull())
		.addColumn('site_label', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('site_lat', float as 'real')
		.addColumn('site_lon', float as 'real')
		.addColumn('decidable_locally', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('integrated', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('starter_project', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('measure_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('measure_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'])
		.addForeignKeyConstraint('measure_field_fk', ['municipality_id', 'action_field_id'], 'action_field', ['municipality_id', 'id'])
		.addForeignKeyConstraint('measure_lead_fk', ['municipality_id', 'lead_actor_id'], 'actor', ['municipality_id', 'id'])
		.addCheckConstraint('measure_cost_ck', sql`cost_cents is null or cost_cents >= 0`)
		.addCheckConstraint('measure_dates_ck', sql`start_date is null or end_date is null or start_date <= end_date`)
		.execute();
	await db.schema.createIndex('measure_plan_idx').on('measure').columns(['municipality_id', 'action_plan_id']).execute();
	await db.schema.createIndex('goal_plan_idx').on('goal').columns(['municipality_id', 'action_plan_id']).execute();

	await db.schema
		.createTable('measure_goal')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('measure_id', 'text', (c) => c.notNull())
		.addColumn('goal_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('measure_goal_pk', ['measure_id', 'goal_id'])
		.addForeignKeyConstraint('mg_measure_fk', ['municipality_id', 'measure_id'], 'measure', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('mg_goal_fk', ['municipality_id', 'goal_id'], 'goal', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('measure_partner')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('measure_id', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('measure_partner_pk', ['measure_id', 'actor_id'])
		.addForeignKeyConstraint('mp_measure_fk', ['municipality_id', 'measure_id'], 'measure', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('mp_actor_fk', ['municipality_id', 'actor_id'], 'actor', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('milestone')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('measure_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('due_date', 'text', (c) => c.notNull())
		.addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.addForeignKeyConstraint('milestone_measure_fk', ['municipality_id', 'measure_id'], 'measure', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
}
