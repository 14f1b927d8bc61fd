import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface ActionField {
	id: string;
	key: string;
	name: string;
	description: string;
	sortOrder: number;
	active: boolean;
}

const toField = (r: Pick<Database['action_field'], 'id' | 'key' | 'name' | 'description' | 'sort_order' | 'active'>): ActionField => ({
	id: r.id,
	key: r.key,
	name: r.name,
	description: r.description,
	sortOrder: r.sort_order,
	active: r.active === 1
});

const columns = ['id', 'key', 'name', 'description', 'sort_order', 'active'] as const;

/** Fields of action in their display order; `activeOnly` for the choices offered in new goals and measures. */
export async function listActionFields(db: Kysely<Database>, municipalityId: string, opts: { activeOnly?: boolean } = {}): Promise<ActionField[]> {
	let q = db.selectFrom('action_field').select(columns).where('municipality_id', '=', municipalityId);
	if (opts.activeOnly) q = q.where('active', '=', 1);
	const rows = await q.orderBy('sort_order').orderBy('name').execute();
	return rows.map(toField);
}

export async function findActionField(db: Kysely<Database>, municipalityId: string, id: string): Promise<ActionField | undefined> {
	const r = await db.selectFrom('action_field').select(columns).where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toField(r);
}
