/** Table types of plan content (migration 0015-plan-content), registered in db/schema.ts. */
import type { Generated } from 'kysely';

/** What a translation belongs to: the plan itself (introduction, understanding of integration), a goal, a measure, a field of action. */
export type TranslationEntityKind = 'plan' | 'goal' | 'measure' | 'actionField';

/** The parts of the introduction and the content languages (columns of action_plan added by 0015). */
export interface ActionPlanContentColumns {
	intro_origin: Generated<string>;
	intro_function: Generated<string>;
	intro_scope: Generated<string>;
	content_languages: Generated<string>; // JSON array of locale codes, never 'de'
}

export interface PlanTranslationTable {
	id: string;
	municipality_id: string;
	action_plan_id: string;
	entity_kind: TranslationEntityKind;
	entity_id: string;
	field: string;
	language: string;
	text: string;
	source_hash: string; // hash of the German source text the translation was made from (domain/plans/translations.ts)
	updated_at: string;
	updated_by: string | null;
}
