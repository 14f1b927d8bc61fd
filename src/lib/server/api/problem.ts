/** RFC 9457 problem details. `type` URIs are relative to the API documentation. */
export interface Problem {
	type: string;
	title: string;
	status: number;
	detail?: string;
	instance?: string;
	errors?: Record<string, string[]>;
	requestId?: string;
}

export function problemResponse(
	status: number,
	type: string,
	title: string,
	requestId?: string,
	extra: Partial<Problem> = {},
	headers: Record<string, string> = {}
): Response {
	const body: Problem = { type: `/api/v1/docs#problem-${type}`, title, status, requestId, ...extra };
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers }
	});
}
