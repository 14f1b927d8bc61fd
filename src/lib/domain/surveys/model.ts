/**
 * The survey model and the rules every channel (plain form, kiosk, API) shares: which questions are shown
 * (conditions), and how hostile field values become stored answers. Pure functions, no I/O.
 */

import { frameContains, type MapFrame } from './place-map';

export const questionKinds = ['single', 'multiple', 'likert', 'number', 'text', 'place'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const surveyStatuses = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** Kinds answered by choosing options (they can be the subject of a condition and of a cross-tab). */
export const choiceKinds: readonly QuestionKind[] = ['single', 'multiple', 'likert'];
export const LIKERT_POINTS = 5;
export const TEXT_MAX_DEFAULT = 2000;
export const TEXT_MAX_LIMIT = 5000;
export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 50;

export interface QuestionOption {
	key: string;
	label: string;
}

/** Show the question only if the answer to an earlier choice question equals (single, likert) or contains (multiple) the option. */
export interface QuestionCondition {
	questionId: string;
	optionKey: string;
}

export interface Question {
	id: string;
	kind: QuestionKind;
	text: string;
	help: string;
	required: boolean;
	personalData: boolean;
	consentText: string;
	options: QuestionOption[];
	min: number | null;
	max: number | null;
	maxLength: number | null;
	condition: QuestionCondition | null;
}

export type PlaceAnswer = { lat: number; lon: number } | { place: string };
export type AnswerValue = string | string[] | number | PlaceAnswer;

export interface ParsedAnswer {
	questionId: string;
	value: AnswerValue;
	consent: boolean;
}

/** Form field names: one namespace per question, so the same names work in the no-JS form, the kiosk queue and the API. */
export const fieldName = {
	answer: (id: string) => `q_${id}`,
	lat: (id: string) => `q_${id}_lat`,
	lon: (id: string) => `q_${id}_lon`,
	consent: (id: string) => `c_${id}`
};

export type FieldValues = Record<string, unknown>;

/** Whether a question's condition holds for the answers given so far (questions without a condition always show). */
export function conditionHolds(q: Question, answers: ReadonlyMap<string, AnswerValue>): boolean {
	if (!q.condition) return true;
	const v = answers.get(q.condition.questionId);
	if (v === undefined) return false;
	if (Array.isArray(v)) return v.includes(q.condition.optionKey);
	return v === q.condition.optionKey;
}

const one = (v: unknown): string => {
	if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
	return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};
const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** Control characters other than tab and line breaks have no place in an answer; they are dropped, not rejected. */
export function cleanText(s: string): string {
	// eslint-disable-next-line no-control-regex
	return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}

/** German and English decimal notation: "1.234,5", "1234.5", "12". */
export function parseNumber(raw: string): number | null {
	const s = raw.trim().replace(/\s/g, '');
	if (!s) return null;
	let norm = s;
	if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) norm = s.replace(/\./g, '').replace(',', '.');
	else if (/^-?\d+,\d+$/.test(s)) norm = s.replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(norm)) return null;
	const n = Number(norm);
	return Number.isFinite(n) ? n : null;
}

/**
 * Turns submitted field values into answers, question by question in order. A question whose condition
 * does not hold is skipped entirely (its values are dropped, never validated), so the no-JS page can show
 * every question at once. Errors are catalogue keys per field name. With `placeFrame` (the survey's map), coordinates
 * of place questions must lie on that map.
 */
export function parseAnswers(
	questions: readonly Question[],
	fields: FieldValues,
	opts: { placeFrame?: MapFrame | null } = {}
): { answers: ParsedAnswer[]; errors: Record<string, string[]> } {
	const given = new Map<string, AnswerValue>();
	const answers: ParsedAnswer[] = [];
	const errors: Record<string, string[]> = {};
	const fail = (field: string, key: string) => ((errors[field] ??= []).push(key), undefined);

	for (const q of questions) {
		if (!conditionHolds(q, given)) continue;
		const name = fieldName.answer(q.id);
		const keys = new Set(q.options.map((o) => o.key));
		let value: AnswerValue | undefined;
		switch (q.kind) {
			case 'single':
			case 'likert': {
				const v = one(fields[name]).trim();
				if (v && !keys.has(v)) fail(name, 'error.invalidChoice');
				else if (v) value = v;
				break;
			}
			case 'multiple': {
				const vs = [...new Set(many(fields[name]).map((x) => x.trim()).filter(Boolean))];
				if (vs.some((v) => !keys.has(v))) fail(name, 'error.invalidChoice');
				else if (vs.length) value = q.options.map((o) => o.key).filter((k) => vs.includes(k));
				break;
			}
			case 'number': {
				const raw = one(fields[name]);
				if (!raw.trim()) break;
				const n = parseNumber(raw);
				if (n === null) fail(name, 'error.number');
				else if (q.min !== null && n < q.min) fail(name, 'error.tooSmall');
				else if (q.max !== null && n > q.max) fail(name, 'error.tooBig');
				else value = n;
				break;
			}
			case 'text': {
				const raw = one(fields[name]);
				const s = cleanText(raw);
				if (!s) break;
				if ([...s].length > (q.maxLength ?? TEXT_MAX_DEFAULT)) fail(name, 'error.tooLong');
				else value = s;
				break;
			}
			case 'place': {
				const place = one(fields[name]).trim();
				const latRaw = one(fields[fieldName.lat(q.id)]);
				const lonRaw = one(fields[fieldName.lon(q.id)]);
				if (place) {
					if (!keys.has(place)) fail(name, 'error.invalidChoice');
					else value = { place };
				} else if (latRaw.trim() || lonRaw.trim()) {
					const lat = parseNumber(latRaw);
					const lon = parseNumber(lonRaw);
					if (lat === null || lon === null) fail(name, 'error.latLonPair');
					else if (lat < -90 || lat > 90) fail(name, 'error.latitude');
					else if (lon < -180 || lon > 180) fail(name, 'error.longitude');
					// With a map, a place question asks for a place on that map (the survey's district): no point beyond it.
					else if (opts.placeFrame && !frameContains(opts.placeFrame, { lat, lon })) fail(name, 'error.survey.placeOutsideMap');
					else value = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
				}
				break;
			}
		}
		if (errors[name]) continue;
		if (value === undefined) {
			if (q.required) fail(name, 'error.required');
			continue;
		}
		const consent = q.personalData ? isChecked(fields[fieldName.consent(q.id)]) : false;
		if (q.personalData && !consent) {
			fail(fieldName.consent(q.id), 'error.survey.consentRequired');
			continue;
		}
		given.set(q.id, value);
		answers.push({ questionId: q.id, value, consent });
	}
	return { answers, errors };
}

function isChecked(v: unknown): boolean {
	const s = one(v);
	return v === true || s === 'on' || s === 'true' || s === '1' || s === 'yes';
}

/** Likert labels in the source language (German) for a new question; translated like any option. */
export const defaultLikertLabels = ['Stimme gar nicht zu', 'Stimme eher nicht zu', 'Teils, teils', 'Stimme eher zu', 'Stimme voll zu'];

/** Stable option keys in order: o1, o2, … (questions change only while the survey is a draft, without answers). */
export function optionsFromLabels(labels: readonly string[]): QuestionOption[] {
	return labels.map((label, i) => ({ key: `o${i + 1}`, label }));
}

/** An answer as a short text for tables and exports (option labels in the given language). */
export function answerText(q: Pick<Question, 'kind' | 'options'>, value: AnswerValue): string {
	const label = (k: string) => q.options.find((o) => o.key === k)?.label ?? k;
	if (Array.isArray(value)) return value.map(label).join('; ');
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return q.kind === 'text' ? value : label(value);
	if ('place' in value) return label(value.place);
	return `${value.lat}, ${value.lon}`;
}
