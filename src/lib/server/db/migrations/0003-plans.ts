import type { Kysely } from 'kysely';

/**
 * Local Action Plan: the plan text's rules for evaluation and revision (reporting rules exist already),
 * one plan per district (plan versions come later and hang off the plan), and indexes for the plan table
 * and "my measures" (look-ups by measure and by actor).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('action_plan').addColumn('evaluation_rules', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.schema.alterTable('action_plan').addColumn('revision_rules', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.schema.createIndex('action_plan_district_uq').on('action_plan').columns(['municipality_id', 'district_id']).unique().execute();
	await db.schema.createIndex('measure_goal_goal_idx').on('measure_goal').columns(['municipality_id', 'goal_id']).execute();
	await db.schema.createIndex('measure_partner_actor_idx').on('measure_partner').columns(['municipality_id', 'actor_id']).execute();
	await db.schema.createIndex('measure_lead_idx').on('measure').columns(['municipality_id', 'lead_actor_id']).execute();
	await db.schema.createIndex('milestone_measure_idx').on('milestone').columns(['municipality_id', 'measure_id']).execute();
	await db.schema.createIndex('goal_concept_goal_cg_idx').on('goal_concept_goal').columns(['municipality_id', 'concept_goal_id']).execute();
}
