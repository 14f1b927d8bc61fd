import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { CanonicalRow } from '../../domain/workpaper';
import type { WorkpaperPreview } from './preview';

type Q = Kysely<Database>;

export interface WorkpaperExport {
	id: string;
	planId: string;
	format: 'xlsx' | 'ods' | 'csv';
	rows: Record<string, CanonicalRow>;
	createdAt: string;
}

export async function insertExport(db: Q, municipalityId: string, e: WorkpaperExport, userId: string | null): Promise<void> {
	await db
		.insertInto('workpaper_export')
		.values({
			id: e.id,
			municipality_id: municipalityId,
			action_plan_id: e.planId,
			format: e.format,
			rows: JSON.stringify(e.rows),
			created_at: e.createdAt,
			created_by: userId
		})
		.execute();
}

/** An export of this plan (an export of another plan or municipality is as good as none). */
export async function findExport(db: Q, municipalityId: string, planId: string, id: string): Promise<WorkpaperExport | undefined> {
	const r = await db
		.selectFrom('workpaper_export')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.where('id', '=', id)
		.executeTakeFirst();
	return r && { id: r.id, planId: r.action_plan_id, format: r.format, rows: JSON.parse(r.rows), createdAt: r.created_at };
}

export interface WorkpaperImport {
	id: string;
	planId: string;
	exportId: string | null;
	fileName: string;
	state: 'pending' | 'applied' | 'discarded';
	preview: WorkpaperPreview;
	createdAt: string;
	finishedAt: string | null;
}

export async function insertImport(db: Q, municipalityId: string, i: Omit<WorkpaperImport, 'finishedAt' | 'state'>, userId: string | null): Promise<void> {
	await db
		.insertInto('workpaper_import')
		.values({
			id: i.id,
			municipality_id: municipalityId,
			action_plan_id: i.planId,
			export_id: i.exportId,
			file_name: i.fileName,
			state: 'pending',
			preview: JSON.stringify(i.preview),
			created_at: i.createdAt,
			created_by: userId,
			finished_at: null
		})
		.execute();
}

const toImport = (r: Database['workpaper_import']): WorkpaperImport => ({
	id: r.id,
	planId: r.action_plan_id,
	exportId: r.export_id,
	fileName: r.file_name,
	state: r.state,
	preview: JSON.parse(r.preview),
	createdAt: r.created_at,
	finishedAt: r.finished_at
});

export async function findImport(db: Q, municipalityId: string, planId: string, id: string): Promise<WorkpaperImport | undefined> {
	const r = await db
		.selectFrom('workpaper_import')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.where('id', '=', id)
		.executeTakeFirst();
	return r && toImport(r);
}

export async function listImports(db: Q, municipalityId: string, planId: string, limit = 20): Promise<WorkpaperImport[]> {
	const rows = await db
		.selectFrom('workpaper_import')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.orderBy('created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map(toImport);
}

/** Ends a pending import; false when it was not pending any more (applied or discarded meanwhile). */
export async function finishImport(db: Q, municipalityId: string, id: string, state: 'applied' | 'discarded', at: string): Promise<boolean> {
	const r = await db
		.updateTable('workpaper_import')
		.set({ state, finished_at: at })
		.where('municipality_id', '=', municipalityId)
		.where('id', '=', id)
		.where('state', '=', 'pending')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Names a working paper may refer to: the municipality's fields of action and actors, the plan's goals. */
export async function loadVocabularyNames(db: Q, municipalityId: string, planId: string) {
	const [fields, goals, actors] = await Promise.all([
		db.selectFrom('action_field').select(['id', 'name', 'active']).where('municipality_id', '=', municipalityId).orderBy('sort_order').execute(),
		db.selectFrom('goal').select(['id', 'title']).where('municipality_id', '=', municipalityId).where('action_plan_id', '=', planId).execute(),
		db.selectFrom('actor').select(['id', 'name']).where('municipality_id', '=', municipalityId).orderBy('name').execute()
	]);
	return { fields, goals, actors };
}

/** The user recorded with an export or import (none for the system). */
export const userOf = (ctx: { principal: { via: string; userId: string } }): string | null => (ctx.principal.via === 'system' ? null : ctx.principal.userId);

/** Ids of the municipality's measures in plans other than this one. */
export async function measureIdsOfOtherPlans(db: Q, municipalityId: string, planId: string): Promise<Set<string>> {
	const rows = await db.selectFrom('measure').select('id').where('municipality_id', '=', municipalityId).where('action_plan_id', '!=', planId).execute();
	return new Set(rows.map((r) => r.id));
}

/** The exports of this plan that the given ids name (stamps of another plan or municipality are not found). */
export async function findExports(db: Q, municipalityId: string, planId: string, ids: string[]): Promise<Map<string, WorkpaperExport>> {
	const out = new Map<string, WorkpaperExport>();
	const valid = ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i)).slice(0, 50);
	if (!valid.length) return out;
	const rows = await db
		.selectFrom('workpaper_export')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('action_plan_id', '=', planId)
		.where('id', 'in', valid)
		.execute();
	for (const r of rows) out.set(r.id, { id: r.id, planId: r.action_plan_id, format: r.format, rows: JSON.parse(r.rows), createdAt: r.created_at });
	return out;
}
