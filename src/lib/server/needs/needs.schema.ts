/** Table types of migration 0007-needs (registered in db/schema.ts). */
import type { Generated } from 'kysely';
import type { Bool } from '../db/schema';

/** An interview with a key person, a round table, a district forum, a stand at an event or a session of an existing body. */
export interface EngagementTable {
	id: string;
	municipality_id: string;
	district_id: string;
	kind: string; // engagementKinds
	title: string;
	held_on: string; // YYYY-MM-DD
	place: string;
	participant_count: number | null;
	participants: string; // who was asked or met, described without personal data of residents
	interpreting_languages: string; // JSON array of language codes
	whisper_corner_languages: string; // JSON array of language codes
	childcare: Bool;
	step_free: Bool;
	accessibility_notes: string;
	notes: string;
	submission_key: string | null;
	created_by: string | null;
	created_at: string;
	updated_at: string;
}

export interface EngagementActorTable {
	municipality_id: string;
	engagement_id: string;
	actor_id: string;
}

export interface NeedTable {
	id: string;
	municipality_id: string;
	district_id: string;
	action_field_id: string;
	title: string; // public summary
	statement: string; // the statement as raised (internal)
	channel: string; // needChannels
	engagement_id: string | null;
	target_groups: string; // JSON array of targetGroups
	language: string; // language of the original statement (ISO 639 code)
	place_label: string;
	place_lat: number | null;
	place_lon: number | null;
	raised_by: 'anonymous' | 'actor' | 'group' | 'person';
	raised_by_text: string; // group description, or a person's name when consent is recorded
	consent_recorded: Bool;
	internal_note: string;
	state: 'open' | 'taken_up' | 'merged' | 'not_pursued';
	public_reason: string;
	merged_into_id: string | null;
	state_changed_at: string;
	submission_key: string | null;
	created_by: string | null;
	created_at: string;
	updated_at: string;
	/** Migration 0014: public submissions wait for review ('pending') before they are shown publicly. */
	review_state: Generated<'accepted' | 'pending' | 'rejected'>;
	review_reason: Generated<string>; // 'spam' | 'inappropriate' when rejected
	reviewed_at: string | null;
	field_given: Generated<Bool>; // 0: the resident chose no field of action, the stored one is provisional
}

/** Migration 0014: the secret that signs the fill-time token of a municipality's public need form. */
export interface NeedFormSecretTable {
	municipality_id: string;
	secret: string;
	created_at: string;
}

export interface NeedActorTable {
	municipality_id: string;
	need_id: string;
	actor_id: string;
}

export interface NeedGoalTable {
	municipality_id: string;
	need_id: string;
	goal_id: string;
}

export interface NeedMeasureTable {
	municipality_id: string;
	need_id: string;
	measure_id: string;
}
