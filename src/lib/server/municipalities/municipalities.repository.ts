import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface Municipality {
	id: string;
	name: string;
	ags: string;
	slug: string;
	languages: string[];
}

type Row = Database['municipality'];
const toMunicipality = (r: Pick<Row, 'id' | 'name' | 'ags' | 'slug' | 'languages'>): Municipality => ({
	id: r.id,
	name: r.name,
	ags: r.ags,
	slug: r.slug,
	languages: JSON.parse(r.languages) as string[]
});

/** Municipalities are the tenants themselves, so these queries are the only ones not scoped by one. */
export async function findMunicipalityBySlug(db: Kysely<Database>, slug: string): Promise<Municipality | undefined> {
	const r = await db.selectFrom('municipality').select(['id', 'name', 'ags', 'slug', 'languages']).where('slug', '=', slug).executeTakeFirst();
	return r && toMunicipality(r);
}

export async function findMunicipalityById(db: Kysely<Database>, id: string): Promise<Municipality | undefined> {
	const r = await db.selectFrom('municipality').select(['id', 'name', 'ags', 'slug', 'languages']).where('id', '=', id).executeTakeFirst();
	return r && toMunicipality(r);
}

export async function listMunicipalities(db: Kysely<Database>): Promise<Municipality[]> {
	const rows = await db.selectFrom('municipality').select(['id', 'name', 'ags', 'slug', 'languages']).orderBy('name').execute();
	return rows.map(toMunicipality);
}
