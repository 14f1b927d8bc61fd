/** Languages the plan document (PDF) can be produced in: its fixed texts exist in these; German is the default. */
export const documentLanguages = ['de', 'en', 'tr', 'ar'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];
export const isDocumentLanguage = (v: unknown): v is DocumentLanguage => typeof v === 'string' && (documentLanguages as readonly string[]).includes(v);
