import { sql, type Kysely } from 'kysely';

/**
 * Plan content: the introduction in its three parts, and translations of the plan's texts.
 *
 * - action_plan gets the three parts of the introduction the handbook names (origin, function, scope). The
 *   single `introduction` text so far becomes the origin (nothing is lost); the old column stays as it is
 *   (legacy, no longer read) so older clients writing it keep working.
 * - action_plan.content_languages: JSON array of the languages the plan's texts are translated into (German
 *   is the source and never listed).
 * - plan_translation: one translated text per plan entity, field and language, with a hash of the German
 *   source text it was made from (to tell outdated translations after the German text changed).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	for (const col of ['intro_origin', 'intro_function', 'intro_scope']) {
		await db.schema.alterTable('action_plan').addColumn(col, 'text', (c) => c.notNull().defaultTo('')).execute();
	}
	await db.schema.alterTable('action_plan').addColumn('content_languages', 'text', (c) => c.notNull().defaultTo('[]')).execute();
	await sql`UPDATE action_plan SET intro_origin = introduction WHERE introduction <> ''`.execute(db);

	await db.schema
		.createTable('plan_translation')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('entity_kind', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('field', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('source_hash', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text')
		.addUniqueConstraint('plan_translation_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('plan_translation_item_uq', ['municipality_id', 'action_plan_id', 'entity_kind', 'entity_id', 'field', 'language'])
		.addForeignKeyConstraint('plan_translation_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addCheckConstraint('plan_translation_kind_ck', sql`entity_kind in ('plan', 'goal', 'measure', 'actionField')`)
		.addCheckConstraint('plan_translation_language_ck', sql`language <> 'de'`)
		.execute();
}
