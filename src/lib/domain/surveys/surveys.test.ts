import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conditionHolds, parseAnswers, parseNumber, type Question } from './model';
import { localize, missingTexts } from './translation';
import { crossTab } from './results';

const q = (over: Partial<Question> & Pick<Question, 'id' | 'kind'>): Question => ({
	text: 'Frage',
	help: '',
	required: false,
	personalData: false,
	consentText: '',
	options: [],
	min: null,
	max: null,
	maxLength: null,
	condition: null,
	...over
});

describe('survey model', () => {
	const a = q({ id: 'a', kind: 'multiple', options: [{ key: 'o1', label: 'Park' }, { key: 'o2', label: 'Bad' }] });
	const b = q({ id: 'b', kind: 'text', required: true, condition: { questionId: 'a', optionKey: 'o2' } });
	const c = q({ id: 'c', kind: 'place', options: [{ key: 'o1', label: 'Markt' }] });

	it('reads German and English numbers and rejects the rest', () => {
		expect(parseNumber('1.234,5')).toBe(1234.5);
		expect(parseNumber('12,5')).toBe(12.5);
		expect(parseNumber('12.5')).toBe(12.5);
		expect(parseNumber(' -3 ')).toBe(-3);
		for (const bad of ['', 'zwölf', '1e5', '1,2,3', 'Infinity']) expect(parseNumber(bad)).toBeNull();
	});

	it('validates a conditional question only when its condition holds (contains for multiple choice)', () => {
		expect(parseAnswers([a, b], { q_a: 'o1', q_b: '' }).errors).toEqual({});
		expect(parseAnswers([a, b], { q_a: ['o1', 'o2'] }).errors).toEqual({ q_b: ['error.required'] });
		expect(parseAnswers([a, b], { q_a: 'o1', q_b: 'weg damit' }).answers.map((x) => x.questionId)).toEqual(['a']);
		expect(conditionHolds(b, new Map([['a', ['o2']]]))).toBe(true);
	});

	it('takes a place as a named place or a coordinate pair within range', () => {
		expect(parseAnswers([c], { q_c: 'o1' }).answers[0].value).toEqual({ place: 'o1' });
		expect(parseAnswers([c], { q_c_lat: '52,48', q_c_lon: '13,43' }).answers[0].value).toEqual({ lat: 52.48, lon: 13.43 });
		expect(parseAnswers([c], { q_c_lat: '52,48' }).errors).toEqual({ q_c: ['error.latLonPair'] });
		expect(parseAnswers([c], { q_c_lat: '95', q_c_lon: '13' }).errors).toEqual({ q_c: ['error.latitude'] });
	});

	it('never throws on hostile field values', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('q_a', 'q_b', 'q_c', 'q_c_lat', 'q_c_lon', 'c_b'), fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.constant(null))), (fields) => {
				const r = parseAnswers([a, b, c], fields);
				expect(typeof r.errors).toBe('object');
			})
		);
	});
});

describe('survey translations', () => {
	const qs = [q({ id: 'x', kind: 'single', text: 'Wie?', help: 'Bitte wählen', options: [{ key: 'o1', label: 'Gut' }, { key: 'o2', label: 'Schlecht' }] }), q({ id: 'y', kind: 'text', personalData: true, consentText: 'Ja, ich willige ein' })];
	const source = { title: 'Umfrage', description: '' };

	it('lists every missing text and nothing when complete', () => {
		expect(missingTexts(source, qs, {}).map((m) => m.part)).toEqual(['title', 'text', 'help', 'option', 'option', 'text', 'consentText']);
		const full = { title: 'Survey', questions: { x: { text: 'How?', help: 'Please choose', options: { o1: 'Good', o2: 'Bad' } }, y: { text: 'E-mail', consentText: 'I agree' } } };
		expect(missingTexts(source, qs, full)).toEqual([]);
		expect(localize(source, qs, full).questions[0].options.map((o) => o.label)).toEqual(['Good', 'Bad']);
		// A new option in the source makes the translation incomplete again.
		const grown = [{ ...qs[0], options: [...qs[0].options, { key: 'o3', label: 'Weiß nicht' }] }, qs[1]];
		expect(missingTexts(source, grown, full)).toEqual([{ part: 'option', questionId: 'x', position: 1, optionKey: 'o3', optionLabel: 'Weiß nicht' }]);
	});
});

describe('survey cross-tab disclosure', () => {
	const r = q({ id: 'r', kind: 'single', options: [{ key: 'o1', label: 'A' }, { key: 'o2', label: 'B' }, { key: 'o3', label: 'C' }] });
	const k = q({ id: 'k', kind: 'likert', options: [1, 2, 3, 4, 5].map((i) => ({ key: `o${i}`, label: String(i) })) });

	it('shows no count from 1 to 4 and never leaves a lone suppressed cell in a line', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.constantFrom('o1', 'o2', 'o3'), fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5')), { maxLength: 120 }), (pairs) => {
				const answers = pairs.flatMap(([x, y], i) => [
					{ responseId: `r${i}`, questionId: 'r', value: x },
					{ responseId: `r${i}`, questionId: 'k', value: y }
				]);
				const t = crossTab(r, k, answers).table;
				const all = [...t.cells.flat(), ...t.rowTotals!, ...t.columnTotals!, t.grandTotal!];
				for (const c of all) if (c.value !== null) expect(c.value === 0 || c.value >= 5).toBe(true);
				for (const [i, line] of t.cells.entries()) {
					const hidden = [...line, t.rowTotals![i]].filter((c) => c.value === null).length;
					expect(hidden === 0 || hidden >= 2).toBe(true);
				}
			})
		);
	});
});
