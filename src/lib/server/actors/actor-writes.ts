import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { ValidationError } from '../core/errors';
import { existingActionFieldIds, type ActorProfile } from './actors.repository';
import { existingDistrictIds } from '../districts/districts.repository';

/** Unknown or foreign fields of action are refused (inside the command's transaction). */
export async function checkActionFields(trx: Transaction<Database>, municipalityId: string, ids: string[], field = 'actionFieldIds'): Promise<void> {
	const unique = [...new Set(ids)];
	const known = await existingActionFieldIds(trx, municipalityId, unique);
	if (unique.some((id) => !known.has(id))) throw new ValidationError({ [field]: ['error.unknownReference'] });
}

/** Replaces the fields of action an actor works in. */
export async function replaceActorFields(trx: Transaction<Database>, municipalityId: string, actorId: string, ids: string[]): Promise<void> {
	await trx.deleteFrom('actor_action_field').where('municipality_id', '=', municipalityId).where('actor_id', '=', actorId).execute();
	const unique = [...new Set(ids)];
	if (unique.length) {
		await trx
			.insertInto('actor_action_field')
			.values(unique.map((id) => ({ municipality_id: municipalityId, actor_id: actorId, action_field_id: id })))
			.execute();
	}
}

/** Unknown districts and districts of another municipality are refused (inside the command's transaction). */
export async function checkDistricts(trx: Transaction<Database>, municipalityId: string, ids: string[]): Promise<void> {
	const unique = [...new Set(ids)];
	const known = await existingDistrictIds(trx, municipalityId, unique);
	if (unique.some((id) => !known.has(id))) throw new ValidationError({ districtIds: ['error.unknownReference'] });
}

/** Replaces the districts an actor works in. */
export async function replaceActorDistricts(trx: Transaction<Database>, municipalityId: string, actorId: string, ids: string[]): Promise<void> {
	await trx.deleteFrom('actor_district').where('municipality_id', '=', municipalityId).where('actor_id', '=', actorId).execute();
	const unique = [...new Set(ids)];
	if (unique.length) {
		await trx
			.insertInto('actor_district')
			.values(unique.map((id) => ({ municipality_id: municipalityId, actor_id: actorId, district_id: id })))
			.execute();
	}
}

/** Column values of a profile. */
export const profileColumns = (a: ActorProfile) => ({
	name: a.name,
	kind: a.kind,
	level: a.level,
	function: a.function,
	interests: a.interests,
	resources: a.resources,
	motivation: a.motivation,
	address: a.address,
	website: a.website,
	languages: JSON.stringify(a.languages),
	key_person: a.keyPerson ? (1 as const) : (0 as const)
});
