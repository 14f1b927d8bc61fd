import type { CommandContext } from '../core/command';
import { ValidationError } from '../core/errors';
import { changeNeedStateInput } from './need-input';
import { declineNeed } from './decline-need';
import { mergeNeed } from './merge-need';
import { reopenNeed } from './reopen-need';
import { takeUpNeed } from './take-up-need';

export { changeNeedStateInput };

/** One entry point for the API: picks the state change command by `state` (each is its own transaction and audit entry). */
export async function changeNeedState(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const raw = opts.input;
	const state = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).state : undefined;
	switch (state) {
		case 'taken_up':
			return takeUpNeed(opts);
		case 'merged':
			return mergeNeed(opts);
		case 'not_pursued':
			return declineNeed(opts);
		case 'open':
			return reopenNeed(opts);
		default:
			throw new ValidationError({ state: [state === undefined ? 'error.required' : 'error.invalidChoice'] });
	}
}
