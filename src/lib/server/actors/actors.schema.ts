/** Table types of migration 0006-actors (registered in db/schema.ts). */

export interface ActorActionFieldTable {
	municipality_id: string;
	actor_id: string;
	action_field_id: string;
}

/** A district a district-level actor works in (0013-actor-districts); city-wide actors have none. */
export interface ActorDistrictTable {
	municipality_id: string;
	actor_id: string;
	district_id: string;
}

/** A contact person of an actor: personal data, kept only for `purpose` and until `retention_until`. */
export interface ActorContactTable {
	id: string;
	municipality_id: string;
	actor_id: string;
	name: string;
	role_title: string;
	email: string;
	phone: string;
	languages: string; // JSON array
	purpose: string;
	legal_basis: string;
	consent_date: string | null;
	consent_method: string;
	retention_until: string;
	created_at: string;
	updated_at: string;
}

/** Undirected; the pair is stored once with actor_a_id < actor_b_id (compared in JavaScript). */
export interface ActorCooperationTable {
	id: string;
	municipality_id: string;
	actor_a_id: string;
	actor_b_id: string;
	description: string;
	created_at: string;
	updated_at: string;
}

export interface ActivityTable {
	id: string;
	municipality_id: string;
	actor_id: string;
	action_field_id: string;
	title: string;
	description: string;
	target_groups: string; // JSON array of target group keys
	languages: string; // JSON array of ISO 639-1 codes
	address: string;
	lat: number | null;
	lon: number | null;
	schedule: string;
	weekdays: string; // JSON array of 'mon'…'sun'
	start_time: string | null; // HH:MM
	end_time: string | null;
	cost_cents: number | null;
	source: string;
	last_confirmed_on: string | null;
	created_at: string;
	updated_at: string;
}
