import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { nowIso } from '../core/ids';

/**
 * The public content version of a municipality: a counter bumped in the same transaction as every audited change
 * of the municipality (core/audit.ts calls `bumpPublicContent`). The public page cache keys its entries by it, so
 * a change shows on the public pages with the commit, in every process, on both databases. Bumping on every
 * change (not only those known to be public) errs on the side of freshness: a new kind of public content cannot
 * be forgotten.
 */
export async function bumpPublicContent(trx: Transaction<Database> | Kysely<Database>, municipalityId: string): Promise<void> {
	const now = nowIso();
	await trx
		.insertInto('public_content_version')
		.values({ municipality_id: municipalityId, version: 1, updated_at: now })
		.onConflict((oc) => oc.column('municipality_id').doUpdateSet((eb) => ({ version: eb('public_content_version.version', '+', 1), updated_at: now })))
		.execute();
}

export interface PublicStamp {
	municipalityId: string;
	/** 0 before the first change. */
	version: number;
	/** ISO time of the last change; null before the first one. */
	updatedAt: string | null;
}

/** The municipality of a portal slug with its public content version: one indexed lookup. undefined: no such slug. */
export async function findPublicStamp(db: Kysely<Database>, slug: string): Promise<PublicStamp | undefined> {
	const r = await db
		.selectFrom('municipality as m')
		.leftJoin('public_content_version as v', 'v.municipality_id', 'm.id')
		.select(['m.id', 'v.version', 'v.updated_at'])
		.where('m.slug', '=', slug)
		.executeTakeFirst();
	return r && { municipalityId: r.id, version: Number(r.version ?? 0), updatedAt: r.updated_at ?? null };
}

/** The public content version of a municipality by id (0 before the first change): one indexed lookup. */
export async function publicContentVersion(db: Kysely<Database>, municipalityId: string): Promise<number> {
	const r = await db.selectFrom('public_content_version').select('version').where('municipality_id', '=', municipalityId).executeTakeFirst();
	return Number(r?.version ?? 0);
}
