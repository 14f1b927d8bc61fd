/** Table types of plan versions (migration 0008-plan-versions), registered in db/schema.ts. */
import type { Generated } from 'kysely';

export type PlanVersionState = 'submitted' | 'withdrawn' | 'resolved' | 'superseded';

export interface PlanVersionTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	number: number;
	state: PlanVersionState;
	snapshot: string; // JSON PlanSnapshot (domain/plans/snapshot.ts), never changed after insert
	goal_count: number;
	measure_count: number;
	total_cost_cents: number;
	note: string;
	submitted_at: string;
	submitted_by: string | null;
	withdrawn_at: string | null;
	withdrawn_by: string | null;
	withdrawal_reason: Generated<string>;
	resolution_body: string | null;
	resolution_date: string | null; // 'YYYY-MM-DD'
	resolution_reference: string | null;
	resolution_link: Generated<string>;
	resolution_notes: Generated<string>;
	resolved_at: string | null;
	resolved_by: string | null;
	superseded_at: string | null;
	superseded_by_id: string | null;
}

/** The structured rules of a plan (columns of action_plan added by 0008; database defaults). */
export interface ActionPlanRulesColumns {
	reporting_by: Generated<string>;
	reporting_to: Generated<string>;
	reporting_interval_months: Generated<number | null>;
	reporting_next_date: Generated<string | null>;
	evaluation_by: Generated<string>;
	evaluation_interval_months: Generated<number | null>;
	evaluation_next_date: Generated<string | null>;
	revision_by: Generated<string>;
	revision_interval_months: Generated<number | null>;
	revision_next_date: Generated<string | null>;
}
