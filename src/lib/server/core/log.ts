/** Structured one-line JSON logs on stdout/stderr. */
export function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
	if (level === 'error' || level === 'warn') console.error(line);
	else if (level !== 'debug' || process.env.LOG_LEVEL === 'debug') console.log(line);
}
