import type { Db } from '../db/connection';
import { newId, nowIso } from '../core/ids';

/** Small direct inserts for plan tests, so they do not depend on other areas' commands. */
export async function insertDistrict(db: Db, municipalityId: string, name = 'Nordstadt'): Promise<string> {
	const id = newId();
	const now = nowIso();
	await db.kysely
		.insertInto('district')
		.values({ id, municipality_id: municipalityId, name, code: `${name}-${id.slice(0, 6)}`, parent_id: null, boundary: null, created_at: now, updated_at: now })
		.execute();
	return id;
}

export async function insertActor(db: Db, municipalityId: string, name: string, kind = 'administration'): Promise<string> {
	const id = newId();
	const now = nowIso();
	await db.kysely.insertInto('actor').values({ id, municipality_id: municipalityId, name, kind, level: 'city', created_at: now, updated_at: now }).execute();
	return id;
}

export async function insertConceptGoal(db: Db, municipalityId: string, title = 'Teilhabe verbessern'): Promise<string> {
	const conceptId = newId();
	const id = newId();
	const now = nowIso();
	await db.kysely
		.insertInto('city_concept')
		.values({ id: conceptId, municipality_id: municipalityId, kind: 'integration', title: 'Integrationskonzept', year: 2024, description: '', created_at: now, updated_at: now })
		.execute();
	await db.kysely
		.insertInto('concept_goal')
		.values({ id, municipality_id: municipalityId, city_concept_id: conceptId, code: 'Z1', title, description: '', created_at: now, updated_at: now })
		.execute();
	return id;
}

export async function fieldIds(db: Db, municipalityId: string): Promise<Record<string, string>> {
	const rows = await db.kysely.selectFrom('action_field').select(['id', 'key']).where('municipality_id', '=', municipalityId).execute();
	return Object.fromEntries(rows.map((r) => [r.key, r.id]));
}

export async function auditCount(db: Db, entityId: string): Promise<number> {
	const r = await db.kysely.selectFrom('audit_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', entityId).executeTakeFirstOrThrow();
	return Number(r.n);
}
