/**
 * The translatable texts of a plan (German sources) and their stored translations. The sources are read from
 * the living plan, or from a snapshot for a stored version: the plan's introduction parts, the district's
 * understanding of integration (live, the concept is not part of a snapshot), goals, measures and the names of
 * the fields of action the plan uses.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { itemKey, translationState, type TranslationKind, type TranslationState } from '../../domain/plans/translations';
import { snapshotIntro, type PlanSnapshot, type SnapshotTranslation } from '../../domain/plans/snapshot';

type Q = Kysely<Database>;

/** Hash of a German source text (trimmed, line ends normalised): stored with a translation to tell when it went out of date. */
export function sourceHash(text: string): string {
	return createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim().normalize('NFC')).digest('base64url').slice(0, 22);
}

export interface TranslationSource {
	kind: TranslationKind;
	entityId: string;
	field: string;
	/** the German text */
	source: string;
	sourceHash: string;
	/** the group the item is shown in (plan texts, a field of action) */
	group: string;
	key: string;
}

export interface StoredTranslation {
	kind: TranslationKind;
	entityId: string;
	field: string;
	language: string;
	text: string;
	sourceHash: string;
	updatedAt: string;
	updatedByName: string | null;
}

const item = (kind: TranslationKind, entityId: string, field: string, source: string, group: string): TranslationSource => ({
	kind,
	entityId,
	field,
	source,
	sourceHash: sourceHash(source),
	group,
	key: itemKey(kind, entityId, field)
});

/**
 * The German texts of a plan snapshot in reading order: plan texts, then per field of action its name, its goals
 * and its measures. `integrationUnderstanding` is the district concept's text (null: the district has no concept).
 */
export function translationSources(s: PlanSnapshot, integrationUnderstanding: string | null): TranslationSource[] {
	const intro = snapshotIntro(s);
	const out: TranslationSource[] = [
		item('plan', s.plan.id, 'introOrigin', intro.origin, ''),
		item('plan', s.plan.id, 'introFunction', intro.function, ''),
		item('plan', s.plan.id, 'introScope', intro.scope, '')
	];
	if (integrationUnderstanding !== null) out.push(item('plan', s.plan.id, 'integrationUnderstanding', integrationUnderstanding, ''));
	const fields = [...s.actionFields].sort((a, b) => a.sortOrder - b.sortOrder);
	for (const f of fields) {
		out.push(item('actionField', f.id, 'name', f.name, f.id));
		for (const g of s.goals.filter((x) => x.actionFieldId === f.id)) {
			out.push(item('goal', g.id, 'title', g.title, f.id), item('goal', g.id, 'description', g.description, f.id));
		}
		for (const m of s.measures.filter((x) => x.actionFieldId === f.id)) {
			out.push(item('measure', m.id, 'title', m.title, f.id), item('measure', m.id, 'description', m.description, f.id));
		}
	}
	return out;
}

/** The stored translations of a plan (all languages, or one). */
export async function listPlanTranslations(db: Q, municipalityId: string, planId: string, language?: string): Promise<StoredTranslation[]> {
	let q = db
		.selectFrom('plan_translation as t')
		.leftJoin('app_user as u', 'u.id', 't.updated_by')
		.select(['t.entity_kind', 't.entity_id', 't.field', 't.language', 't.text', 't.source_hash', 't.updated_at', 'u.name as updated_by_name'])
		.where('t.municipality_id', '=', municipalityId)
		.where('t.action_plan_id', '=', planId);
	if (language !== undefined) q = q.where('t.language', '=', language);
	const rows = await q.execute();
	return rows.map((r) => ({
		kind: r.entity_kind,
		entityId: r.entity_id,
		field: r.field,
		language: r.language,
		text: r.text,
		sourceHash: r.source_hash,
		updatedAt: r.updated_at,
		updatedByName: r.updated_by_name
	}));
}

export const toSnapshotTranslation = (t: StoredTranslation): SnapshotTranslation => ({
	kind: t.kind,
	entityId: t.entityId,
	field: t.field,
	language: t.language,
	text: t.text,
	sourceHash: t.sourceHash
});

export interface TranslationRow extends TranslationSource {
	text: string;
	state: TranslationState;
	updatedAt: string | null;
	updatedByName: string | null;
}

/** The side-by-side rows for one language: every German source with its translation and whether it is missing, current or outdated. */
export function translationRows(sources: TranslationSource[], stored: readonly (Pick<StoredTranslation, 'kind' | 'entityId' | 'field' | 'text' | 'sourceHash'> & Partial<StoredTranslation>)[]): TranslationRow[] {
	const byKey = new Map(stored.map((t) => [itemKey(t.kind, t.entityId, t.field), t]));
	return sources.map((s) => {
		const t = byKey.get(s.key);
		return { ...s, text: t?.text ?? '', state: s.source.trim() ? translationState(s.sourceHash, t) : 'current', updatedAt: t?.updatedAt ?? null, updatedByName: t?.updatedByName ?? null };
	});
}

/** Counts for the overview: translatable items (non-empty German text), current and outdated translations. */
export function translationProgress(rows: TranslationRow[]): { total: number; current: number; outdated: number; missing: number } {
	const relevant = rows.filter((r) => r.source.trim());
	return {
		total: relevant.length,
		current: relevant.filter((r) => r.state === 'current').length,
		outdated: relevant.filter((r) => r.state === 'outdated').length,
		missing: relevant.filter((r) => r.state === 'missing').length
	};
}

/** The district concept's understanding of integration (null: the district has no concept). */
export async function integrationUnderstandingOf(db: Q, municipalityId: string, districtId: string): Promise<string | null> {
	const r = await db
		.selectFrom('district_concept')
		.select('integration_understanding')
		.where('municipality_id', '=', municipalityId)
		.where('district_id', '=', districtId)
		.executeTakeFirst();
	return r ? r.integration_understanding : null;
}
