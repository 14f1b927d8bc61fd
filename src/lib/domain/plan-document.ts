/**
 * Languages the plan document (PDF) can be produced in: its fixed texts exist in these; German is the default.
 * Every language a municipality can offer (src/lib/i18n/locales.ts) is one, except Leichte Sprache: that content
 * is German text, and the plan document is an administrative document in standard language (the plan page says so).
 */
export const documentLanguages = ['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];
export const isDocumentLanguage = (v: unknown): v is DocumentLanguage => typeof v === 'string' && (documentLanguages as readonly string[]).includes(v);
