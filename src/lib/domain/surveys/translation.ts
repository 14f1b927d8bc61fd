/**
 * Translations of a survey into the municipality's languages. A translation holds every text of the survey
 * (title, description, question texts, help, consent texts, option labels) keyed by question id and option
 * key. It can be published only when complete; an incomplete language is never offered to respondents,
 * so nobody sees a survey with a missing question.
 */
import type { Question } from './model';

export interface QuestionTexts {
	text?: string;
	help?: string;
	consentText?: string;
	options?: Record<string, string>;
}

export interface TranslationTexts {
	title?: string;
	description?: string;
	questions?: Record<string, QuestionTexts>;
}

export interface SourceSurvey {
	title: string;
	description: string;
}

export type MissingText =
	| { part: 'title' }
	| { part: 'description' }
	| { part: 'text' | 'help' | 'consentText'; questionId: string; position: number }
	| { part: 'option'; questionId: string; position: number; optionKey: string; optionLabel: string };

const present = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/** Every text the source has and the translation lacks; an empty list means the translation is complete. */
export function missingTexts(source: SourceSurvey, questions: readonly Question[], t: TranslationTexts): MissingText[] {
	const out: MissingText[] = [];
	if (!present(t.title)) out.push({ part: 'title' });
	if (present(source.description) && !present(t.description)) out.push({ part: 'description' });
	questions.forEach((q, i) => {
		const qt = t.questions?.[q.id] ?? {};
		const position = i + 1;
		if (!present(qt.text)) out.push({ part: 'text', questionId: q.id, position });
		if (present(q.help) && !present(qt.help)) out.push({ part: 'help', questionId: q.id, position });
		if (q.personalData && !present(qt.consentText)) out.push({ part: 'consentText', questionId: q.id, position });
		for (const o of q.options) {
			if (!present(qt.options?.[o.key])) out.push({ part: 'option', questionId: q.id, position, optionKey: o.key, optionLabel: o.label });
		}
	});
	return out;
}

/** The survey's texts in a translation (falls back to the source text piece by piece; used only for complete translations). */
export function localize<Q extends Question>(source: SourceSurvey, questions: readonly Q[], t: TranslationTexts | null): { title: string; description: string; questions: Q[] } {
	if (!t) return { title: source.title, description: source.description, questions: [...questions] };
	const pick = (v: string | undefined, fallback: string) => (present(v) ? v!.trim() : fallback);
	return {
		title: pick(t.title, source.title),
		description: present(source.description) ? pick(t.description, source.description) : '',
		questions: questions.map((q) => {
			const qt = t.questions?.[q.id] ?? {};
			return {
				...q,
				text: pick(qt.text, q.text),
				help: present(q.help) ? pick(qt.help, q.help) : '',
				consentText: q.personalData ? pick(qt.consentText, q.consentText) : q.consentText,
				options: q.options.map((o) => ({ key: o.key, label: pick(qt.options?.[o.key], o.label) }))
			};
		})
	};
}

/**
 * Reads the translation editor's flat form fields (title, description, t_<qid>, h_<qid>, c_<qid>, o_<qid>_<key>)
 * into the nested shape, keeping only texts of questions and options that exist.
 */
export function textsFromFields(questions: readonly Question[], fields: Record<string, unknown>, maxLength = 5000): TranslationTexts {
	const s = (k: string) => {
		const v = fields[k];
		return typeof v === 'string' ? v.trim().slice(0, maxLength) : '';
	};
	const out: TranslationTexts = { title: s('title'), description: s('description'), questions: {} };
	for (const q of questions) {
		const options: Record<string, string> = {};
		for (const o of q.options) options[o.key] = s(`o_${q.id}_${o.key}`);
		out.questions![q.id] = { text: s(`t_${q.id}`), help: s(`h_${q.id}`), consentText: s(`c_${q.id}`), options };
	}
	return out;
}
