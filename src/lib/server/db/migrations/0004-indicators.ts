import { sql, type Kysely } from 'kysely';

/**
 * Inventory I: indicator catalogue, statistical areas (and which of them make up a district), observations,
 * import runs, the Zensus grid-cell assignment cache and the job table.
 *
 * - observation has UNIQUE (indicator_id, area_id, period): a re-import updates, never duplicates.
 * - Tenant rows reference each other through composite FKs (municipality_id, x_id), as in 0001.
 * - job is not tenant-bound by key (system jobs have no municipality); its municipality_id is a plain FK.
 * - import_run.file_content holds the uploaded bytes until the job has read them (blob / bytea).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
	const float = (dialect === 'postgres' ? 'double precision' : 'real') as 'real';
	const blob = (dialect === 'postgres' ? 'bytea' : 'blob') as 'blob';

	await db.schema
		.createTable('indicator')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('definition', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('numerator_description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('denominator_description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('spatial_level', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('direction', 'text', (c) => c.notNull())
		.addColumn('disclosure_min', 'integer', (c) => c.notNull().defaultTo(3))
		.addColumn('is_share', 'integer', (c) => c.notNull().defaultTo(0))
		// A count of people (disclosure applies to the value itself); shares apply it to numerator/denominator;
		// neither (means, indices, rates without counts) are shown unless the source suppressed them.
		.addColumn('is_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('scale', float, (c) => c.notNull().defaultTo(100))
		.addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('indicator_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('indicator_key_uq', ['municipality_id', 'key'])
		.addCheckConstraint('indicator_direction_ck', sql`direction in ('higher_is_better', 'higher_is_worse', 'neutral')`)
		.addCheckConstraint('indicator_disclosure_ck', sql`disclosure_min >= 1`)
		.addCheckConstraint('indicator_kind_ck', sql`is_share + is_count <= 1`)
		.execute();

	await db.schema
		.createTable('statistical_area')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('parent_id', 'text')
		.addColumn('boundary', 'text')
		.addColumn('population', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('statistical_area_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('statistical_area_code_uq', ['municipality_id', 'code'])
		.addForeignKeyConstraint('statistical_area_parent_fk', ['municipality_id', 'parent_id'], 'statistical_area', ['municipality_id', 'id'])
		.execute();
	await db.schema.createIndex('statistical_area_level_idx').on('statistical_area').columns(['municipality_id', 'level']).execute();

	await db.schema
		.createTable('district_area')
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('district_id', 'text', (c) => c.notNull())
		.addColumn('area_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('district_area_pk', ['district_id', 'area_id'])
		.addForeignKeyConstraint('district_area_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('district_area_area_fk', ['municipality_id', 'area_id'], 'statistical_area', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();
	await db.schema.createIndex('district_area_area_idx').on('district_area').columns(['municipality_id', 'area_id']).execute();

	await db.schema
		.createTable('import_run')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('mapping', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('report', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('rows_total', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('inserted_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('file_content', blob)
		.addColumn('job_id', 'text')
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('finished_at', 'text')
		.addUniqueConstraint('import_run_tenant_uq', ['municipality_id', 'id'])
		.addCheckConstraint('import_run_status_ck', sql`status in ('queued', 'running', 'succeeded', 'failed')`)
		.execute();
	await db.schema.createIndex('import_run_created_idx').on('import_run').columns(['municipality_id', 'created_at']).execute();

	await db.schema
		.createTable('observation')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('indicator_id', 'text', (c) => c.notNull())
		.addColumn('area_id', 'text', (c) => c.notNull())
		.addColumn('period', 'text', (c) => c.notNull())
		.addColumn('value', float)
		.addColumn('numerator', float)
		.addColumn('denominator', float)
		.addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('limited', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('source_import_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('observation_uq', ['indicator_id', 'area_id', 'period'])
		.addForeignKeyConstraint('observation_indicator_fk', ['municipality_id', 'indicator_id'], 'indicator', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('observation_area_fk', ['municipality_id', 'area_id'], 'statistical_area', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('observation_import_fk', ['municipality_id', 'source_import_id'], 'import_run', ['municipality_id', 'id'])
		.addCheckConstraint('observation_period_ck', sql`length(period) between 4 and 10`)
		.execute();
	// Maps and rankings read one indicator and period over all areas; time series read one indicator and area.
	await db.schema.createIndex('observation_period_idx').on('observation').columns(['municipality_id', 'indicator_id', 'period']).execute();
	await db.schema.createIndex('observation_area_idx').on('observation').columns(['municipality_id', 'area_id']).execute();

	await db.schema
		.createTable('grid_cell_assignment')
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('boundary_version', 'text', (c) => c.notNull())
		.addColumn('grid_id', 'text', (c) => c.notNull())
		.addColumn('area_id', 'text')
		.addColumn('district_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('grid_cell_assignment_pk', ['municipality_id', 'boundary_version', 'grid_id'])
		.addForeignKeyConstraint('gca_area_fk', ['municipality_id', 'area_id'], 'statistical_area', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addForeignKeyConstraint('gca_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('job')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.references('municipality.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
		.addColumn('run_after', 'text', (c) => c.notNull())
		.addColumn('locked_by', 'text')
		.addColumn('lease_until', 'text')
		.addColumn('heartbeat_at', 'text')
		.addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('progress_total', 'integer')
		.addColumn('result', 'text')
		.addColumn('error', 'text')
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('started_at', 'text')
		.addColumn('finished_at', 'text')
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('job_status_ck', sql`status in ('queued', 'running', 'succeeded', 'failed')`)
		.execute();
	await db.schema.createIndex('job_claim_idx').on('job').columns(['status', 'run_after']).execute();
	await db.schema.createIndex('job_municipality_idx').on('job').columns(['municipality_id', 'created_at']).execute();
}
