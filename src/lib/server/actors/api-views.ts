import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Principal } from '../core/actor';
import { NotFoundError } from '../core/errors';
import { findActor, findActorProfile, listContacts, listCooperations } from './actors.repository';
import { canSeeContacts } from './policies';

/** One actor for the API: profile and cooperations; contact persons only for those allowed to see them. */
export async function actorDetail(db: Kysely<Database>, principal: Principal, municipalityId: string, actorId: string) {
	const actor = await findActorProfile(db, municipalityId, actorId);
	if (!actor) throw new NotFoundError('actor');
	const cooperations = (await listCooperations(db, municipalityId, actorId)).map((c) => ({
		id: c.id,
		actorId: c.actorAId === actorId ? c.actorBId : c.actorAId,
		description: c.description
	}));
	const contacts = canSeeContacts(principal, actorId) ? await listContacts(db, municipalityId, actorId) : undefined;
	return { ...actor, cooperations, ...(contacts ? { contacts } : {}) };
}

/** 404 for an actor of another municipality before anything else is looked at. */
export async function requireActor(db: Kysely<Database>, municipalityId: string, actorId: string) {
	const actor = await findActor(db, municipalityId, actorId);
	if (!actor) throw new NotFoundError('actor');
	return actor;
}

