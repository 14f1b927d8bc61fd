import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { BoundaryGeometry } from '../../domain/geojson';

type Q = Kysely<Database> | Transaction<Database>;

export interface District {
	id: string;
	name: string;
	code: string;
	parentId: string | null;
	boundary: BoundaryGeometry | null;
	createdAt: string;
	updatedAt: string;
}

export interface DistrictSummary {
	id: string;
	name: string;
	code: string;
	parentId: string | null;
	parentName: string | null;
	/** 0 for top-level districts, 1 for their statistical units, … (list order is the tree order). */
	depth: number;
	childrenCount: number;
	hasBoundary: boolean;
	hasConcept: boolean;
	hasPlan: boolean;
}

export interface DistrictOption {
	id: string;
	name: string;
	code: string;
	parentId: string | null;
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

type Row = Database['district'];
const toDistrict = (r: Row): District => ({
	id: r.id,
	name: r.name,
	code: r.code,
	parentId: r.parent_id,
	boundary: r.boundary ? (JSON.parse(r.boundary) as BoundaryGeometry) : null,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

export async function findDistrict(db: Q, municipalityId: string, id: string): Promise<District | undefined> {
	const r = await db.selectFrom('district').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
	return r && toDistrict(r);
}

/** Districts ordered as a tree (parents first, their children beneath), names in German collation. */
export function sortAsTree<T extends { id: string; name: string; parentId: string | null }>(items: T[]): (T & { depth: number })[] {
	const ids = new Set(items.map((i) => i.id));
	const byParent = new Map<string | null, T[]>();
	for (const i of items) {
		const key = i.parentId && ids.has(i.parentId) ? i.parentId : null;
		(byParent.get(key) ?? byParent.set(key, []).get(key)!).push(i);
	}
	const out: (T & { depth: number })[] = [];
	const seen = new Set<string>();
	const visit = (parent: string | null, depth: number) => {
		for (const i of (byParent.get(parent) ?? []).sort((a, b) => collator.compare(a.name, b.name))) {
			if (seen.has(i.id)) continue;
			seen.add(i.id);
			out.push({ ...i, depth });
			visit(i.id, depth + 1);
		}
	};
	visit(null, 0);
	return out;
}

/** The overview: every district with its parent, number of children and whether a concept or plan exists. */
export async function listDistricts(db: Q, municipalityId: string): Promise<DistrictSummary[]> {
	const [rows, concepts, plans] = await Promise.all([
		db
			.selectFrom('district')
			.select(['id', 'name', 'code', 'parent_id'])
			.select((eb) => eb('boundary', 'is not', null).as('has_boundary'))
			.where('municipality_id', '=', municipalityId)
			.execute(),
		db.selectFrom('district_concept').select('district_id').where('municipality_id', '=', municipalityId).execute(),
		db.selectFrom('action_plan').select('district_id').where('municipality_id', '=', municipalityId).execute()
	]);
	const withConcept = new Set(concepts.map((c) => c.district_id));
	const withPlan = new Set(plans.map((p) => p.district_id));
	const names = new Map(rows.map((r) => [r.id, r.name]));
	const children = new Map<string, number>();
	for (const r of rows) if (r.parent_id) children.set(r.parent_id, (children.get(r.parent_id) ?? 0) + 1);
	return sortAsTree(
		rows.map((r) => ({
			id: r.id,
			name: r.name,
			code: r.code,
			parentId: r.parent_id,
			parentName: r.parent_id ? (names.get(r.parent_id) ?? null) : null,
			childrenCount: children.get(r.id) ?? 0,
			hasBoundary: Boolean(r.has_boundary),
			hasConcept: withConcept.has(r.id),
			hasPlan: withPlan.has(r.id)
		}))
	);
}

/** All districts for select boxes (parent choice, other areas' district pickers), in tree order. */
export async function listDistrictOptions(db: Q, municipalityId: string): Promise<(DistrictOption & { depth: number })[]> {
	const rows = await db.selectFrom('district').select(['id', 'name', 'code', 'parent_id']).where('municipality_id', '=', municipalityId).execute();
	return sortAsTree(rows.map((r) => ({ id: r.id, name: r.name, code: r.code, parentId: r.parent_id })));
}

export async function listChildDistricts(db: Q, municipalityId: string, parentId: string): Promise<District[]> {
	const rows = await db.selectFrom('district').selectAll().where('municipality_id', '=', municipalityId).where('parent_id', '=', parentId).execute();
	return rows.map(toDistrict).sort((a, b) => collator.compare(a.name, b.name));
}

/** Ids among `ids` that are districts of this municipality (to reject unknown or foreign references). */
export async function existingDistrictIds(db: Q, municipalityId: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', ids).execute();
	return new Set(rows.map((r) => r.id));
}

export async function findDistrictByCode(db: Q, municipalityId: string, code: string): Promise<{ id: string } | undefined> {
	return db.selectFrom('district').select('id').where('municipality_id', '=', municipalityId).where('code', '=', code).executeTakeFirst();
}

/** The chain of ancestors of a district (nearest first); stops on a (corrupt) cycle or after 1000 steps. */
export async function ancestorIds(db: Q, municipalityId: string, id: string): Promise<string[]> {
	const out: string[] = [];
	let current: string | null = id;
	while (current && out.length < 1000) {
		const r: { parent_id: string | null } | undefined = await db
			.selectFrom('district')
			.select('parent_id')
			.where('municipality_id', '=', municipalityId)
			.where('id', '=', current)
			.executeTakeFirst();
		current = r?.parent_id ?? null;
		if (current) {
			if (out.includes(current)) break;
			out.push(current);
		}
	}
	return out;
}

/** What still refers to a district; a district can only be deleted when all counts are zero. */
export async function districtUsage(db: Q, municipalityId: string, id: string) {
	const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
	const [children, concepts, plans, grants] = await Promise.all([
		count(db.selectFrom('district').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('parent_id', '=', id).executeTakeFirst()),
		count(db.selectFrom('district_concept').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('district_id', '=', id).executeTakeFirst()),
		count(db.selectFrom('action_plan').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('district_id', '=', id).executeTakeFirst()),
		count(db.selectFrom('membership_district').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_id', '=', municipalityId).where('district_id', '=', id).executeTakeFirst())
	]);
	return { children, concepts, plans, grants };
}
