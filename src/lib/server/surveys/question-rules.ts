import { ConflictError, ValidationError } from '../core/errors';
import { choiceKinds, defaultLikertLabels, optionsFromLabels, type Question, type QuestionCondition, type QuestionOption } from '../../domain/surveys/model';
import type { QuestionInput } from './survey-input';

/**
 * Turns validated question input into stored values, checking what needs the survey's other questions:
 * a condition refers to an EARLIER choice question of the same survey and one of its options.
 */
export function questionValues(input: QuestionInput, earlier: readonly Question[]) {
	let options: QuestionOption[] = [];
	if (input.kind === 'likert') options = optionsFromLabels(input.options.length ? input.options : defaultLikertLabels);
	else if (input.kind === 'single' || input.kind === 'multiple' || input.kind === 'place') options = optionsFromLabels(input.options);
	let condition: QuestionCondition | null = null;
	if (input.condition) {
		const [questionId, optionKey] = input.condition.split(':');
		const target = earlier.find((q) => q.id === questionId);
		if (!target || !choiceKinds.includes(target.kind) || !target.options.some((o) => o.key === optionKey)) throw new ValidationError({ condition: ['error.survey.conditionTarget'] });
		condition = { questionId, optionKey };
	}
	return {
		kind: input.kind,
		text: input.text,
		help: input.help,
		required: input.required ? (1 as const) : (0 as const),
		personal_data: input.personalData ? (1 as const) : (0 as const),
		consent_text: input.personalData ? input.consentText : '',
		options: JSON.stringify(options),
		min_value: input.kind === 'number' ? input.min : null,
		max_value: input.kind === 'number' ? input.max : null,
		max_length: input.kind === 'text' ? input.maxLength : null,
		condition: condition ? JSON.stringify(condition) : null,
		parsedOptions: options
	};
}

/** A question later questions depend on must keep the options their conditions name. */
export function assertDependentsKeepOptions(id: string, newOptions: readonly QuestionOption[], newKind: string, all: readonly Question[]): void {
	for (const q of all) {
		if (q.condition?.questionId !== id) continue;
		if (!choiceKinds.includes(newKind as Question['kind']) || !newOptions.some((o) => o.key === q.condition!.optionKey)) {
			throw new ConflictError('error.survey.conditionInUse');
		}
	}
}

/** Conditions must always point backwards: after a move every condition target still comes first. */
export function conditionsPointBackwards(ordered: readonly Question[]): boolean {
	const seen = new Set<string>();
	for (const q of ordered) {
		if (q.condition && !seen.has(q.condition.questionId)) return false;
		seen.add(q.id);
	}
	return true;
}
