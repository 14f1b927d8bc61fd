/**
 * Recognises constraint violations of both databases, so a race that slips past the checks inside a
 * command (two users saving the same code at once) still ends as a clear 409 and not as a 500.
 */
function codeOf(e: unknown): string | undefined {
	return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export function isUniqueViolation(e: unknown): boolean {
	const code = codeOf(e);
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(e: unknown): boolean {
	const code = codeOf(e);
	return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
