import { sql, type Kysely } from 'kysely';

/**
 * The plan as a working paper (XLSX, ODS, CSV) and its re-import.
 *
 * - workpaper_export remembers what each exported file said (the canonical values of every measure at export),
 *   so a re-import can tell what the editor changed from what someone changed in Quartier meanwhile.
 * - workpaper_import holds a checked upload as a preview (changes, conflicts, errors) until a person confirms
 *   it; only then is anything applied, in one transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('workpaper_export')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('rows', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addUniqueConstraint('workpaper_export_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('workpaper_export_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'], (c) =>
			c.onDelete('cascade')
		)
		.addCheckConstraint('workpaper_export_format_ck', sql`format in ('xlsx', 'ods', 'csv')`)
		.execute();
	await db.schema
		.createTable('workpaper_import')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('export_id', 'text')
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('preview', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('finished_at', 'text')
		.addUniqueConstraint('workpaper_import_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('workpaper_import_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'], (c) =>
			c.onDelete('cascade')
		)
		.addCheckConstraint('workpaper_import_state_ck', sql`state in ('pending', 'applied', 'discarded')`)
		.execute();
	await db.schema.createIndex('workpaper_import_plan_ix').on('workpaper_import').columns(['municipality_id', 'action_plan_id', 'created_at']).execute();
}
