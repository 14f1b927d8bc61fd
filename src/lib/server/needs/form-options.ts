/** Choices offered by the need and engagement forms and filters (a fixed number of queries). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { engagementKinds, needChannels, needStates, raisedByKinds, statementLanguages, targetGroups } from '../../domain/needs';
import { listActionFields } from '../plans/action-fields.repository';
import { listActorRefs } from '../plans/plans.repository';
import { listDistrictOptions } from '../districts/districts.repository';
import { engagementChoices } from './engagements.repository';

export async function needFormOptions(db: Kysely<Database>, municipalityId: string, currentFieldId?: string) {
	const [fields, districts, actors, engagements] = await Promise.all([
		listActionFields(db, municipalityId),
		listDistrictOptions(db, municipalityId),
		listActorRefs(db, municipalityId),
		engagementChoices(db, municipalityId)
	]);
	return {
		fields: fields.filter((f) => f.active || f.id === currentFieldId).map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		actors,
		engagements: engagements.map((e) => ({ id: e.id, title: e.title, heldOn: e.held_on, districtId: e.district_id, kind: e.kind })),
		channels: [...needChannels],
		targetGroups: [...targetGroups],
		languages: [...statementLanguages],
		raisedByKinds: [...raisedByKinds]
	};
}

export async function needFilterOptions(db: Kysely<Database>, municipalityId: string) {
	const [fields, districts] = await Promise.all([listActionFields(db, municipalityId), listDistrictOptions(db, municipalityId)]);
	return {
		fields: fields.map((f) => ({ id: f.id, name: f.name })),
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		channels: [...needChannels],
		states: [...needStates],
		languages: [...statementLanguages]
	};
}

export async function engagementFormOptions(db: Kysely<Database>, municipalityId: string) {
	const [districts, actors] = await Promise.all([listDistrictOptions(db, municipalityId), listActorRefs(db, municipalityId)]);
	return {
		districts: districts.map((d) => ({ id: d.id, name: d.name, depth: d.depth })),
		actors,
		kinds: [...engagementKinds],
		languages: [...statementLanguages]
	};
}

/** A GET filter value only when it is one of the offered choices (anything else is ignored, never an error). */
export function pick(value: string | null, allowed: readonly string[]): string {
	return value && allowed.includes(value) ? value : '';
}
