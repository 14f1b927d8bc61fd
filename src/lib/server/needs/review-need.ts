import type { CommandContext } from '../core/command';
import { ValidationError } from '../core/errors';
import { reviewNeedInput } from './need-input';
import { acceptNeed } from './accept-need';
import { rejectNeed } from './reject-need';

export { reviewNeedInput };

/**
 * One entry point for the API to review a need residents sent through the public online form: picks accept or
 * reject by `decision` (each its own transaction and audit entry). Merging into another need is a state change.
 */
export async function reviewNeed(opts: { ctx: CommandContext; needId: string; input: unknown }): Promise<void> {
	const raw = opts.input;
	const decision = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).decision : undefined;
	switch (decision) {
		case 'accept':
			return acceptNeed(opts);
		case 'reject':
			return rejectNeed(opts);
		default:
			throw new ValidationError({ decision: [decision === undefined ? 'error.required' : 'error.invalidChoice'] });
	}
}
