import { sql, type Kysely } from 'kysely';

/**
 * The public portal of a municipality (no login): its settings (enabled, public languages, open-data licence,
 * imprint, feedback contact and the accessibility statement that BITV 2.0 and the Länder laws require), news
 * items per municipality or district, and the messages residents send through the feedback form.
 *
 * - portal_settings: one row per municipality; a municipality without a row uses the defaults (portal on,
 *   German and English, dl-de/by-2-0, a prefilled statement structure).
 * - portal_news: title, text, date, published flag; district_id null = the whole municipality.
 * - portal_feedback: the message, optional name and address to answer to (personal data: deleted by the
 *   coordination when handled), the page it refers to, handled_at.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('portal_settings')
		.addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipality.id'))
		.addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('["de","en"]'))
		.addColumn('licence', 'text', (c) => c.notNull().defaultTo('dl-de-by-2.0'))
		.addColumn('attribution', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('imprint_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('privacy_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('feedback_email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('feedback_phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('a11y_status', 'text', (c) => c.notNull().defaultTo('partial'))
		.addColumn('a11y_non_accessible', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('a11y_prepared_on', 'text')
		.addColumn('a11y_reviewed_on', 'text')
		.addColumn('a11y_method', 'text', (c) => c.notNull().defaultTo('self-assessment'))
		.addColumn('a11y_enforcement_body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('a11y_enforcement_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('portal_settings_enabled_ck', sql`enabled in (0, 1)`)
		.addCheckConstraint('portal_settings_status_ck', sql`a11y_status in ('full', 'partial', 'none')`)
		.addCheckConstraint('portal_settings_method_ck', sql`a11y_method in ('self-assessment', 'external')`)
		.execute();

	await db.schema
		.createTable('portal_news')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('district_id', 'text')
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('published_on', 'text', (c) => c.notNull())
		.addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('portal_news_tenant_uq', ['municipality_id', 'id'])
		.addForeignKeyConstraint('portal_news_district_fk', ['municipality_id', 'district_id'], 'district', ['municipality_id', 'id'], (c) => c.onDelete('cascade'))
		.addCheckConstraint('portal_news_published_ck', sql`published in (0, 1)`)
		.execute();
	await db.schema.createIndex('portal_news_list_idx').on('portal_news').columns(['municipality_id', 'published', 'published_on']).execute();

	await db.schema
		.createTable('portal_feedback')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull().references('municipality.id'))
		.addColumn('topic', 'text', (c) => c.notNull())
		.addColumn('page_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addColumn('handled_at', 'text')
		.addUniqueConstraint('portal_feedback_tenant_uq', ['municipality_id', 'id'])
		.addCheckConstraint('portal_feedback_topic_ck', sql`topic in ('accessibility', 'content', 'other')`)
		.execute();
	await db.schema.createIndex('portal_feedback_inbox_idx').on('portal_feedback').columns(['municipality_id', 'received_at']).execute();
}
