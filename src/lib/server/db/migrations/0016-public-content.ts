import type { Kysely } from 'kysely';

/**
 * public_content_version: one row per municipality, bumped by every audited change of that municipality (in the
 * same transaction as the change, see core/audit.ts). The public portal's page cache compares it on every request
 * (one primary-key lookup), so a change made by staff shows on the public pages at once, in every process.
 * updated_at is the time of the last change (the pages' Last-Modified).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('public_content_version')
		.addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipality.id'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
}
