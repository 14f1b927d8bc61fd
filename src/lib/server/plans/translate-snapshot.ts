/**
 * A plan snapshot with its texts in one content language, from the translations frozen in it: each text whose
 * translation is current (made from exactly this German text) is replaced, every other text stays German. For
 * pages that show a version in the reader's language (the public portal).
 */
import { itemKey, type TranslationKind } from '../../domain/plans/translations';
import { snapshotIntro, type PlanSnapshot } from '../../domain/plans/snapshot';
import { sourceHash } from './plan-translations.repository';

export interface TranslatedSnapshot {
	snapshot: PlanSnapshot;
	/** the language the translated texts are in (German when the snapshot has no such content language) */
	lang: string;
	/** the items (itemKey) now in `lang`; all others are German */
	translated: ReadonlySet<string>;
}

export function translateSnapshot(s: PlanSnapshot, lang: string): TranslatedSnapshot {
	const translated = new Set<string>();
	if (lang === 'de' || !(s.contentLanguages ?? []).includes(lang)) return { snapshot: s, lang: 'de', translated };
	const byKey = new Map((s.translations ?? []).filter((t) => t.language === lang).map((t) => [itemKey(t.kind, t.entityId, t.field), t]));
	const tr = (kind: TranslationKind, id: string, field: string, source: string): string => {
		const key = itemKey(kind, id, field);
		const t = byKey.get(key);
		if (!source.trim() || !t || !t.text.trim() || t.sourceHash !== sourceHash(source)) return source;
		translated.add(key);
		return t.text;
	};
	const intro = snapshotIntro(s);
	const snapshot: PlanSnapshot = {
		...s,
		plan: {
			...s.plan,
			intro: {
				origin: tr('plan', s.plan.id, 'introOrigin', intro.origin),
				function: tr('plan', s.plan.id, 'introFunction', intro.function),
				scope: tr('plan', s.plan.id, 'introScope', intro.scope)
			}
		},
		actionFields: s.actionFields.map((f) => ({ ...f, name: tr('actionField', f.id, 'name', f.name) })),
		goals: s.goals.map((g) => ({ ...g, title: tr('goal', g.id, 'title', g.title), description: tr('goal', g.id, 'description', g.description) })),
		measures: s.measures.map((m) => ({ ...m, title: tr('measure', m.id, 'title', m.title), description: tr('measure', m.id, 'description', m.description) }))
	};
	return { snapshot, lang, translated };
}
