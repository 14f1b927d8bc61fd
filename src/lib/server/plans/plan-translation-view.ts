/**
 * The read model of a plan's translations for the staff page and the API: per content language the side-by-side
 * rows (German source, translation, missing/current/outdated) and the counts, built from the living plan.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PlanSnapshot } from '../../domain/plans/snapshot';
import { NotFoundError } from '../core/errors';
import { buildPlanSnapshot } from './plan-versions.repository';
import { integrationUnderstandingOf, listPlanTranslations, translationProgress, translationRows, translationSources, type TranslationRow } from './plan-translations.repository';

type Q = Kysely<Database>;
type PlanRef = { id: string; districtId: string; contentLanguages: readonly string[] };
export type TranslationProgress = ReturnType<typeof translationProgress>;

/** Rows and counts of one language (any language; the caller checks it is one of the plan's). */
export async function planTranslationRows(db: Q, municipalityId: string, plan: PlanRef, language: string): Promise<{ snapshot: PlanSnapshot; rows: TranslationRow[]; progress: TranslationProgress }> {
	const [snapshot, concept, stored] = await Promise.all([
		buildPlanSnapshot(db, municipalityId, plan.id),
		integrationUnderstandingOf(db, municipalityId, plan.districtId),
		listPlanTranslations(db, municipalityId, plan.id, language)
	]);
	if (!snapshot) throw new NotFoundError('action plan');
	const rows = translationRows(translationSources(snapshot, concept), stored);
	return { snapshot, rows, progress: translationProgress(rows) };
}

/** The counts of every content language of the plan, in the plan's order (one snapshot for all). */
export async function planTranslationProgress(db: Q, municipalityId: string, plan: PlanRef): Promise<({ language: string } & TranslationProgress)[]> {
	if (!plan.contentLanguages.length) return [];
	const [snapshot, concept, stored] = await Promise.all([
		buildPlanSnapshot(db, municipalityId, plan.id),
		integrationUnderstandingOf(db, municipalityId, plan.districtId),
		listPlanTranslations(db, municipalityId, plan.id)
	]);
	if (!snapshot) throw new NotFoundError('action plan');
	const sources = translationSources(snapshot, concept);
	return plan.contentLanguages.map((language) => ({ language, ...translationProgress(translationRows(sources, stored.filter((t) => t.language === language))) }));
}
