import type { PageServerLoad } from './$types';
import { openApiDocument } from '$lib/server/api/openapi';

interface Operation {
	method: string;
	path: string;
	summary: string;
	responses: string[];
	requestBody: boolean;
}

/** A readable index of the OpenAPI document (the machine-readable one is /api/v1/openapi.json). */
export const load: PageServerLoad = async () => {
	const doc = openApiDocument();
	const operations: Operation[] = [];
	for (const [path, item] of Object.entries(doc.paths ?? {})) {
		for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
			const op = (item as Record<string, { summary?: string; description?: string; responses?: Record<string, unknown>; requestBody?: unknown } | undefined>)[method];
			if (!op) continue;
			operations.push({
				method: method.toUpperCase(),
				path,
				summary: op.summary ?? op.description ?? '',
				responses: Object.keys(op.responses ?? {}),
				requestBody: Boolean(op.requestBody)
			});
		}
	}
	return { title: doc.info.title, description: doc.info.description ?? '', version: doc.info.version, operations };
};
