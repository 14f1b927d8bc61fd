/**
 * Table types for Kysely. Conventions shared by both dialects:
 * - ids are text UUIDs (generated in application code, so inserts need no dialect branch);
 * - timestamps are ISO-8601 UTC strings, calendar dates are 'YYYY-MM-DD' strings;
 * - booleans are stored as 0/1 integers (SQLite has no boolean type);
 * - JSON values are stored as text and parsed in the repositories;
 * - money is integer cents (bigint in PostgreSQL, parsed to number by the pg type parser).
 */
import type { Generated } from 'kysely';
import type { ActivityTable, ActorActionFieldTable, ActorContactTable, ActorCooperationTable, ActorDistrictTable } from '../actors/actors.schema';
import type { ActionPlanRulesColumns, PlanVersionTable } from '../plans/plan-versions.schema';
import type { ActionPlanContentColumns, PlanTranslationTable } from '../plans/plan-content.schema';
import type { EngagementActorTable, EngagementTable, NeedActorTable, NeedFormSecretTable, NeedGoalTable, NeedMeasureTable, NeedTable } from '../needs/needs.schema';

export type Bool = 0 | 1;

export interface MunicipalityTable {
	id: string;
	name: string;
	ags: string;
	slug: string;
	languages: string; // JSON array of locale codes
	created_at: string;
}

export interface UserTable {
	id: string;
	email: string;
	name: string;
	password_hash: string | null;
	is_superadmin: Bool;
	disabled: Bool;
	created_at: string;
}

export interface MembershipTable {
	id: string;
	municipality_id: string;
	user_id: string;
	role: string;
	actor_id: string | null;
	created_at: string;
}

export interface MembershipDistrictTable {
	membership_id: string;
	municipality_id: string;
	district_id: string;
}

export interface SessionTable {
	id: string; // sha256 of the cookie token
	user_id: string;
	municipality_id: string | null;
	csrf_token: string;
	created_at: string;
	expires_at: string;
}

export interface LoginAttemptTable {
	id: Generated<number>;
	key: string;
	created_at: string;
}

export interface OneTimeTokenTable {
	id: string; // sha256 of the token
	purpose: 'invite' | 'reset';
	user_id: string | null;
	municipality_id: string | null;
	email: string;
	role: string | null;
	actor_id: string | null;
	district_ids: string; // JSON array
	created_by: string | null;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface ApiTokenTable {
	id: string;
	municipality_id: string;
	user_id: string;
	name: string;
	token_hash: string;
	created_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
}

export interface AuditEntryTable {
	id: string;
	municipality_id: string | null;
	user_id: string | null;
	action: string;
	entity: string;
	entity_id: string | null;
	changes: string; // JSON {before, after}
	request_id: string | null;
	created_at: string;
}

export interface ActorTable {
	id: string;
	municipality_id: string;
	name: string;
	kind: string;
	level: string;
	// Profile (0006-actors); database defaults, so rows written before it and plain inserts stay valid.
	function: Generated<string>;
	interests: Generated<string>;
	resources: Generated<string>;
	motivation: Generated<string>;
	address: Generated<string>;
	website: Generated<string>;
	languages: Generated<string>; // JSON array of ISO 639-1 codes
	key_person: Generated<Bool>;
	created_at: string;
	updated_at: string;
}

export interface DistrictTable {
	id: string;
	municipality_id: string;
	name: string;
	code: string;
	parent_id: string | null;
	boundary: string | null; // GeoJSON geometry as text
	created_at: string;
	updated_at: string;
}

export interface CityConceptTable {
	id: string;
	municipality_id: string;
	kind: string;
	title: string;
	year: number | null;
	description: string;
	created_at: string;
	updated_at: string;
}

export interface ConceptGoalTable {
	id: string;
	municipality_id: string;
	city_concept_id: string;
	code: string;
	title: string;
	description: string;
	created_at: string;
	updated_at: string;
}

export interface DistrictConceptTable {
	id: string;
	municipality_id: string;
	district_id: string;
	concept_type: string;
	approaches: string; // JSON array
	integration_understanding: string;
	phase: string;
	resources: string;
	created_at: string;
	updated_at: string;
}

export interface StartingDecisionTable {
	id: string;
	municipality_id: string;
	district_concept_id: string;
	decision: string;
	state: string;
	note: string;
	updated_at: string;
}

export interface ActionPlanTable extends ActionPlanRulesColumns, ActionPlanContentColumns {
	id: string;
	municipality_id: string;
	district_id: string;
	title: string;
	introduction: Generated<string>; // legacy (before 0015): copied into intro_origin, no longer read
	reporting_rules: string;
	evaluation_rules: string;
	revision_rules: string;
	created_at: string;
	updated_at: string;
}

export interface ActionFieldTable {
	id: string;
	municipality_id: string;
	key: string;
	name: string;
	description: string;
	sort_order: number;
	active: Bool;
	created_at: string;
	updated_at: string;
}

export interface GoalTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	parent_goal_id: string | null;
	action_field_id: string;
	title: string;
	description: string;
	priority: number;
	time_horizon: string | null; // 'YYYY-MM-DD'
	operationalisation: string;
	created_at: string;
	updated_at: string;
}

export interface GoalConceptGoalTable {
	municipality_id: string;
	goal_id: string;
	concept_goal_id: string;
}

export interface MeasureTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	action_field_id: string;
	title: string;
	description: string;
	lead_actor_id: string | null;
	start_date: string | null;
	end_date: string | null;
	cost_cents: number | null;
	funding_source: string;
	spatial_scope: string;
	site_label: string;
	site_lat: number | null;
	site_lon: number | null;
	decidable_locally: Bool;
	integrated: Bool;
	starter_project: Bool;
	status: string;
	created_at: string;
	updated_at: string;
}

export interface MeasureGoalTable {
	municipality_id: string;
	measure_id: string;
	goal_id: string;
}

export interface MeasurePartnerTable {
	municipality_id: string;
	measure_id: string;
	actor_id: string;
}

export interface MilestoneTable {
	id: string;
	municipality_id: string;
	measure_id: string;
	title: string;
	due_date: string;
	done: Bool;
	sort_order: number;
}

export interface IndicatorTable {
	id: string;
	municipality_id: string;
	key: string;
	name: string;
	unit: string;
	definition: string;
	numerator_description: string;
	denominator_description: string;
	source: string;
	spatial_level: string;
	direction: 'higher_is_better' | 'higher_is_worse' | 'neutral';
	disclosure_min: number;
	is_share: Bool;
	is_count: Bool;
	scale: number; // value = numerator / denominator × scale for shares (100 = per cent)
	topic: string;
	sort_order: number;
	created_at: string;
	updated_at: string;
}

export interface StatisticalAreaTable {
	id: string;
	municipality_id: string;
	code: string;
	name: string;
	level: string; // 'planning-area' | 'district-region' | 'forecast-area' | 'borough' | …
	parent_id: string | null;
	boundary: string | null; // GeoJSON geometry as text (EPSG:4326)
	population: number | null;
	created_at: string;
	updated_at: string;
}

export interface DistrictAreaTable {
	municipality_id: string;
	district_id: string;
	area_id: string;
}

export interface ObservationTable {
	id: string;
	municipality_id: string;
	indicator_id: string;
	area_id: string;
	period: string; // '2024', '2024-06' or '2024-12-31'
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	suppressed: Bool;
	estimated: Bool;
	provisional: Bool;
	limited: Bool;
	source_import_id: string | null;
	created_at: string;
	updated_at: string;
}

export interface ImportRunTable {
	id: string;
	municipality_id: string;
	file_name: string;
	kind: string; // 'observations' | 'boundaries' | 'zensus-grid' | …
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	mapping: string; // JSON
	report: string; // JSON
	rows_total: number;
	inserted_count: number;
	updated_count: number;
	error_count: number;
	file_content: Uint8Array | null; // the upload until the job has read it
	job_id: string | null;
	created_by: string | null;
	created_at: string;
	finished_at: string | null;
}

export interface GridCellAssignmentTable {
	municipality_id: string;
	boundary_version: string; // hash of the boundaries the cells were assigned to
	grid_id: string;
	area_id: string | null;
	district_id: string | null;
	created_at: string;
}

export interface JobTable {
	id: string;
	municipality_id: string | null;
	kind: string;
	payload: string; // JSON
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	attempts: number;
	max_attempts: number;
	run_after: string;
	locked_by: string | null;
	lease_until: string | null;
	heartbeat_at: string | null;
	progress_done: number;
	progress_total: number | null;
	result: string | null; // JSON
	error: string | null;
	created_by: string | null;
	created_at: string;
	started_at: string | null;
	finished_at: string | null;
	updated_at: string;
}

export interface SurveyTable {
	id: string;
	municipality_id: string;
	district_id: string | null;
	title: string;
	description: string;
	source_language: string;
	status: 'draft' | 'open' | 'closed';
	public_token: string;
	kiosk_key: string;
	form_secret: string;
	min_fill_seconds: number;
	opened_at: string | null;
	closed_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface SurveyQuestionTable {
	id: string;
	municipality_id: string;
	survey_id: string;
	sort_order: number;
	kind: string;
	text: string;
	help: string;
	required: Bool;
	personal_data: Bool;
	consent_text: string;
	options: string; // JSON [{ key, label }]
	min_value: number | null;
	max_value: number | null;
	max_length: number | null;
	condition: string | null; // JSON { questionId, operator, optionKey }
	created_at: string;
	updated_at: string;
}

export interface SurveyTranslationTable {
	municipality_id: string;
	survey_id: string;
	language: string;
	texts: string; // JSON, see surveys/translations.ts
	published: Bool;
	updated_at: string;
}

export interface SurveyResponseTable {
	id: string;
	municipality_id: string;
	survey_id: string;
	language: string;
	channel: 'web' | 'kiosk' | 'api';
	submitted_at: string;
	received_at: string;
}

export interface SurveyAnswerTable {
	municipality_id: string;
	survey_id: string;
	response_id: string;
	question_id: string;
	value: string;
	consent_given: Bool;
}

export interface PortalSettingsTable {
	municipality_id: string;
	enabled: Bool;
	languages: string; // JSON array of locale codes
	licence: string;
	attribution: string;
	imprint_url: string;
	privacy_url: string;
	feedback_email: string;
	feedback_phone: string;
	a11y_status: 'full' | 'partial' | 'none';
	a11y_non_accessible: string;
	a11y_prepared_on: string | null;
	a11y_reviewed_on: string | null;
	a11y_method: 'self-assessment' | 'external';
	a11y_enforcement_body: string;
	a11y_enforcement_url: string;
	updated_at: string;
}

export interface PortalNewsTable {
	id: string;
	municipality_id: string;
	district_id: string | null;
	title: string;
	body: string;
	published_on: string;
	published: Bool;
	created_at: string;
	updated_at: string;
}

export interface PortalFeedbackTable {
	id: string;
	municipality_id: string;
	topic: 'accessibility' | 'content' | 'other';
	page_url: string;
	message: string;
	name: string;
	email: string;
	language: string;
	received_at: string;
	handled_at: string | null;
}

/** A working-paper file as exported: the canonical values of every measure (JSON), see domain/workpaper.ts. */
export interface WorkpaperExportTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	format: 'xlsx' | 'ods' | 'csv';
	rows: string;
	created_at: string;
	created_by: string | null;
}

/** A checked re-import waiting for confirmation (preview JSON), then applied or discarded. */
export interface WorkpaperImportTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	export_id: string | null;
	file_name: string;
	state: 'pending' | 'applied' | 'discarded';
	preview: string;
	created_at: string;
	created_by: string | null;
	finished_at: string | null;
}

/** The public content version of a municipality (migration 0016): bumped by every audited change. */
export interface PublicContentVersionTable {
	municipality_id: string;
	version: number;
	updated_at: string;
}

export interface Database {
	municipality: MunicipalityTable;
	app_user: UserTable;
	membership: MembershipTable;
	membership_district: MembershipDistrictTable;
	session: SessionTable;
	login_attempt: LoginAttemptTable;
	one_time_token: OneTimeTokenTable;
	api_token: ApiTokenTable;
	audit_entry: AuditEntryTable;
	actor: ActorTable;
	actor_action_field: ActorActionFieldTable;
	actor_contact: ActorContactTable;
	actor_cooperation: ActorCooperationTable;
	actor_district: ActorDistrictTable;
	activity: ActivityTable;
	district: DistrictTable;
	city_concept: CityConceptTable;
	concept_goal: ConceptGoalTable;
	district_concept: DistrictConceptTable;
	starting_decision: StartingDecisionTable;
	action_plan: ActionPlanTable;
	plan_version: PlanVersionTable;
	plan_translation: PlanTranslationTable;
	action_field: ActionFieldTable;
	goal: GoalTable;
	goal_concept_goal: GoalConceptGoalTable;
	measure: MeasureTable;
	measure_goal: MeasureGoalTable;
	measure_partner: MeasurePartnerTable;
	milestone: MilestoneTable;
	indicator: IndicatorTable;
	statistical_area: StatisticalAreaTable;
	district_area: DistrictAreaTable;
	observation: ObservationTable;
	import_run: ImportRunTable;
	grid_cell_assignment: GridCellAssignmentTable;
	job: JobTable;
	survey: SurveyTable;
	survey_question: SurveyQuestionTable;
	survey_translation: SurveyTranslationTable;
	survey_response: SurveyResponseTable;
	survey_answer: SurveyAnswerTable;
	engagement: EngagementTable;
	engagement_actor: EngagementActorTable;
	need: NeedTable;
	need_actor: NeedActorTable;
	need_goal: NeedGoalTable;
	need_measure: NeedMeasureTable;
	need_form_secret: NeedFormSecretTable;
	portal_settings: PortalSettingsTable;
	public_content_version: PublicContentVersionTable;
	portal_news: PortalNewsTable;
	portal_feedback: PortalFeedbackTable;
	workpaper_export: WorkpaperExportTable;
	workpaper_import: WorkpaperImportTable;
}
