import { sql, type Kysely } from 'kysely';

/**
 * Versions of the Local Action Plan and the plan's own rules.
 *
 * - action_plan gets structured rules for reporting (who, to whom, how often, next date), evaluation and
 *   revision (who, how often, next date); the existing free-text columns stay as the notes of each rule.
 * - plan_version holds numbered, immutable JSON snapshots of a plan: submitted → withdrawn | resolved →
 *   superseded. At most one submitted and one resolved (current) version per plan (partial unique indexes).
 * - Triggers make a version frozen in the database itself: the snapshot, its number and plan never change,
 *   a resolved version may only become superseded (its resolution data never changes), withdrawn and
 *   superseded versions never change, and resolved/superseded versions cannot be deleted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
	const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
	for (const rule of ['reporting', 'evaluation', 'revision']) {
		await db.schema.alterTable('action_plan').addColumn(`${rule}_by`, 'text', (c) => c.notNull().defaultTo('')).execute();
		await db.schema.alterTable('action_plan').addColumn(`${rule}_interval_months`, 'integer').execute();
		await db.schema.alterTable('action_plan').addColumn(`${rule}_next_date`, 'text').execute();
	}
	await db.schema.alterTable('action_plan').addColumn('reporting_to', 'text', (c) => c.notNull().defaultTo('')).execute();

	await db.schema
		.createTable('plan_version')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('municipality_id', 'text', (c) => c.notNull())
		.addColumn('action_plan_id', 'text', (c) => c.notNull())
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('snapshot', 'text', (c) => c.notNull())
		.addColumn('goal_count', 'integer', (c) => c.notNull())
		.addColumn('measure_count', 'integer', (c) => c.notNull())
		.addColumn('total_cost_cents', bigint as 'integer', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('submitted_at', 'text', (c) => c.notNull())
		.addColumn('submitted_by', 'text')
		.addColumn('withdrawn_at', 'text')
		.addColumn('withdrawn_by', 'text')
		.addColumn('withdrawal_reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('resolution_body', 'text')
		.addColumn('resolution_date', 'text')
		.addColumn('resolution_reference', 'text')
		.addColumn('resolution_link', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('resolution_notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('resolved_at', 'text')
		.addColumn('resolved_by', 'text')
		.addColumn('superseded_at', 'text')
		.addColumn('superseded_by_id', 'text')
		.addUniqueConstraint('plan_version_tenant_uq', ['municipality_id', 'id'])
		.addUniqueConstraint('plan_version_number_uq', ['municipality_id', 'action_plan_id', 'number'])
		.addForeignKeyConstraint('plan_version_plan_fk', ['municipality_id', 'action_plan_id'], 'action_plan', ['municipality_id', 'id'])
		.addCheckConstraint('plan_version_state_ck', sql`state in ('submitted', 'withdrawn', 'resolved', 'superseded')`)
		.addCheckConstraint('plan_version_number_ck', sql`number >= 1`)
		.addCheckConstraint(
			'plan_version_resolution_ck',
			sql`state not in ('resolved', 'superseded') or (resolution_body is not null and resolution_date is not null and resolution_reference is not null and resolved_at is not null)`
		)
		.execute();
	await db.schema
		.createIndex('plan_version_one_submitted_uq')
		.on('plan_version')
		.columns(['municipality_id', 'action_plan_id'])
		.unique()
		.where(sql.ref('state'), '=', 'submitted')
		.execute();
	await db.schema
		.createIndex('plan_version_one_resolved_uq')
		.on('plan_version')
		.columns(['municipality_id', 'action_plan_id'])
		.unique()
		.where(sql.ref('state'), '=', 'resolved')
		.execute();

	const identity = ['id', 'municipality_id', 'action_plan_id', 'number', 'snapshot', 'goal_count', 'measure_count', 'total_cost_cents', 'note', 'submitted_at', 'submitted_by'];
	const resolution = ['resolution_body', 'resolution_date', 'resolution_reference', 'resolution_link', 'resolution_notes', 'resolved_at', 'resolved_by'];
	const differs = (cols: string[], op: string) => cols.map((c) => `NEW.${c} ${op} OLD.${c}`).join(' OR ');
	if (dialect === 'sqlite') {
		await sql
			.raw(
				`CREATE TRIGGER plan_version_frozen_update BEFORE UPDATE ON plan_version
				 WHEN ${differs(identity, 'IS NOT')}
				   OR OLD.state IN ('withdrawn', 'superseded')
				   OR (OLD.state = 'resolved' AND (NEW.state <> 'superseded' OR ${differs(resolution, 'IS NOT')}))
				 BEGIN SELECT RAISE(ABORT, 'plan_version is frozen'); END`
			)
			.execute(db);
		await sql
			.raw(
				`CREATE TRIGGER plan_version_frozen_delete BEFORE DELETE ON plan_version
				 WHEN OLD.state IN ('resolved', 'superseded')
				 BEGIN SELECT RAISE(ABORT, 'plan_version is frozen'); END`
			)
			.execute(db);
	} else {
		await sql
			.raw(
				`CREATE FUNCTION plan_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
				 BEGIN
				   IF TG_OP = 'DELETE' THEN
				     IF OLD.state IN ('resolved', 'superseded') THEN RAISE EXCEPTION 'plan_version is frozen'; END IF;
				     RETURN OLD;
				   END IF;
				   IF ${differs(identity, 'IS DISTINCT FROM')}
				      OR OLD.state IN ('withdrawn', 'superseded')
				      OR (OLD.state = 'resolved' AND (NEW.state <> 'superseded' OR ${differs(resolution, 'IS DISTINCT FROM')})) THEN
				     RAISE EXCEPTION 'plan_version is frozen';
				   END IF;
				   RETURN NEW;
				 END $$`
			)
			.execute(db);
		await sql.raw(`CREATE TRIGGER plan_version_frozen BEFORE UPDATE OR DELETE ON plan_version FOR EACH ROW EXECUTE FUNCTION plan_version_frozen()`).execute(db);
	}
}
