import { sql, type Kysely } from 'kysely';

/**
 * Needs raised by residents themselves through the public online form, and their review by staff.
 *
 * - need.review_state: 'accepted' for every need recorded by staff (the default, so existing rows stay as they
 *   are), 'pending' for a public submission nobody has looked at yet, 'rejected' for spam or inappropriate
 *   submissions. Only accepted needs appear on the public pages.
 * - need.review_reason: why a submission was rejected ('spam' | 'inappropriate'), else ''.
 * - need.reviewed_at: when staff accepted, merged or rejected the submission.
 * - need.field_given: 0 when the resident chose no field of action and the submission carries a provisional one
 *   until staff pick the field when accepting it.
 * - need_form_secret: the per-municipality secret that signs the fill-time token of the public form.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('need')
		.addColumn('review_state', 'text', (c) => c.notNull().defaultTo('accepted').check(sql`review_state in ('accepted', 'pending', 'rejected')`))
		.execute();
	await db.schema.alterTable('need').addColumn('review_reason', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.schema.alterTable('need').addColumn('reviewed_at', 'text').execute();
	await db.schema.alterTable('need').addColumn('field_given', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.createIndex('need_review_idx').on('need').columns(['municipality_id', 'review_state', 'created_at']).execute();

	await db.schema
		.createTable('need_form_secret')
		.addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipality.id'))
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
}
