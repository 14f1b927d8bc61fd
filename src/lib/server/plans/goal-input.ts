import { z } from 'zod';
import { idList, optionalDate, optionalId, parseInput, requiredText, trimmed } from '../core/validate';
import { ValidationError } from '../core/errors';
import { collapseListPaths } from './references';

/** A number from a form field ('2') or JSON (2); empty means missing. */
const priority = z.preprocess(
	(v) => (v === '' || v === null || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v),
	z.number({ error: 'error.required' }).int('error.invalidChoice').min(1, 'error.invalidChoice').max(3, 'error.invalidChoice')
);

/** A goal: field of action, priority (1 high, 2 medium, 3 low), time horizon and operationalisation make it checkable. */
export const goalInput = z.object({
	parentGoalId: optionalId,
	actionFieldId: z.uuid(),
	title: requiredText(300),
	description: trimmed(10_000).default(''),
	priority,
	timeHorizon: optionalDate,
	operationalisation: trimmed(5000).default(''),
	conceptGoalIds: idList
});
export const createGoalInput = goalInput.extend({ planId: z.uuid() });
export type GoalInput = z.output<typeof goalInput>;

export function parseGoalInput<S extends typeof goalInput | typeof createGoalInput>(schema: S, raw: unknown): z.output<S> {
	try {
		return parseInput(schema, raw) as z.output<S>;
	} catch (e) {
		if (e instanceof ValidationError) throw new ValidationError(collapseListPaths(e.fieldErrors, ['conceptGoalIds']));
		throw e;
	}
}
