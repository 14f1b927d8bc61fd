/** Errors that commands throw; routes turn them into form errors, 4xx pages or problem+json. */

export class NotFoundError extends Error {
	readonly status = 404;
	constructor(readonly entity: string) {
		super(`${entity} not found`);
	}
}

export class ForbiddenError extends Error {
	readonly status = 403;
	constructor(readonly reason = 'forbidden') {
		super(reason);
	}
}

/** One message (a catalogue key or an already translated text) per field path. */
export type FieldErrors = Record<string, string[]>;

export class ValidationError extends Error {
	readonly status = 422;
	constructor(readonly fieldErrors: FieldErrors) {
		super('validation failed');
	}
}

export class ConflictError extends Error {
	readonly status = 409;
	constructor(readonly messageKey: string, readonly field?: string) {
		super(messageKey);
	}
}

export class RateLimitError extends Error {
	readonly status = 429;
	constructor(readonly retryAfterSeconds: number) {
		super('too many attempts');
	}
}

export function isDomainError(
	e: unknown
): e is NotFoundError | ForbiddenError | ValidationError | ConflictError | RateLimitError {
	return (
		e instanceof NotFoundError ||
		e instanceof ForbiddenError ||
		e instanceof ValidationError ||
		e instanceof ConflictError ||
		e instanceof RateLimitError
	);
}
