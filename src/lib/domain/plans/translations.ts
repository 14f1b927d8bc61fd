/**
 * Translations of a plan's texts into its content languages (German is the source). Which texts can be
 * translated, how long a translation may be, and whether a translation is missing, current or outdated
 * (made from a German text that has changed since: the stored source hash no longer matches).
 */
import { isLocale, textDir, type Locale } from '../../i18n/locales';

export const translationKinds = ['plan', 'goal', 'measure', 'actionField'] as const;
export type TranslationKind = (typeof translationKinds)[number];

/** The translatable fields of each kind, with the longest translation allowed (a little over the German cap). */
export const translatableFields = {
	plan: { introOrigin: 12_000, introFunction: 12_000, introScope: 12_000, integrationUnderstanding: 24_000 },
	goal: { title: 400, description: 12_000 },
	measure: { title: 400, description: 12_000 },
	actionField: { name: 300 }
} as const satisfies Record<TranslationKind, Record<string, number>>;

export type TranslatableField<K extends TranslationKind = TranslationKind> = keyof (typeof translatableFields)[K] & string;

export const isTranslatableField = (kind: TranslationKind, field: string): boolean => Object.hasOwn(translatableFields[kind], field);
export const translationCap = (kind: TranslationKind, field: string): number => (translatableFields[kind] as Record<string, number>)[field] ?? 0;

/** The key of one translatable text of a plan (entity and field; the language is separate). */
export const itemKey = (kind: TranslationKind, entityId: string, field: string): string => `${kind}:${entityId}:${field}`;

/** Content languages: any UI language except German (the source). */
export const isContentLanguage = (v: unknown): v is Exclude<Locale, 'de'> => isLocale(v) && v !== 'de';
export const contentDir = (lang: string): 'ltr' | 'rtl' => (isLocale(lang) ? textDir(lang) : 'ltr');

/** The stored JSON array, tolerant of anything unexpected (then: no content languages). */
export function parseContentLanguages(json: string): string[] {
	try {
		const v = JSON.parse(json) as unknown;
		return Array.isArray(v) ? v.filter(isContentLanguage) : [];
	} catch {
		return [];
	}
}

export type TranslationState = 'missing' | 'current' | 'outdated';

/** A German text that is empty needs no translation; otherwise a translation is current only if made from this German text. */
export function translationState(sourceHash: string, translation: { text: string; sourceHash: string } | undefined): TranslationState {
	if (!translation || !translation.text.trim()) return 'missing';
	return translation.sourceHash === sourceHash ? 'current' : 'outdated';
}
